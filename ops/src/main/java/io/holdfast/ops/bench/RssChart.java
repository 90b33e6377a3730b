package io.holdfast.ops.bench;

import java.util.List;
import java.util.Locale;

/**
 * {@code rss.svg}: a line chart of resident memory (VmRSS, MiB) against idle connections, one line per server with
 * a legend, written as SVG text. Only steps every asked-for connection reached are plotted; the table shows the rest.
 */
final class RssChart
{
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int RIGHT = WIDTH - 190;
    private static final int BOTTOM = HEIGHT - 60;
    private static final int TARGET_TICKS = 5;
    private static final int LEGEND_LINE = 22;
    private static final double KIB_PER_MIB = 1024.0;
    private static final String[] COLOURS =
        {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

    private final StringBuilder svg = new StringBuilder();
    private final double xStep;
    private final double xMax;
    private final double yStep;
    private final double yMax;

    private RssChart(final double maxConnections, final double maxMib)
    {
        xStep = tickStep(maxConnections);
        xMax = Math.ceil(maxConnections / xStep) * xStep;
        yStep = tickStep(maxMib);
        yMax = Math.ceil(maxMib / yStep) * yStep;
    }

    /**
     * @param title the chart's heading, such as the date and machine.
     * @return the whole SVG document.
     */
    static String write(final String title, final List<ServerResults> servers)
    {
        double maxConnections = 1;
        double maxMib = 1;
        for (final ServerResults server : servers)
        {
            for (final RssSample sample : server.rss())
            {
                if (sample.isComplete())
                {
                    maxConnections = Math.max(maxConnections, sample.connections());
                    maxMib = Math.max(maxMib, sample.vmRssKib() / KIB_PER_MIB);
                }
            }
        }
        return new RssChart(maxConnections, maxMib).draw(title, servers);
    }

    /**
     * @return a round tick spacing (1, 2 or 5 times a power of ten) giving about five ticks up to {@code max}.
     */
    static double tickStep(final double max)
    {
        final double raw = max / TARGET_TICKS;
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double normalised = raw / magnitude;
        final double nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private String draw(final String title, final List<ServerResults> servers)
    {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" " +
            "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, HEIGHT));
        text(WIDTH / 2.0, TOP / 2.0, "middle", "font-size=\"15\"", title);
        drawAxes();
        for (int i = 0; i < servers.size(); i++)
        {
            drawServer(servers.get(i), COLOURS[i % COLOURS.length], i);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void drawAxes()
    {
        for (int i = 0; i <= Math.round(yMax / yStep); i++)
        {
            final double y = i * yStep;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" " +
                "stroke=\"#dddddd\"/>\n", LEFT, y(y), RIGHT, y(y)));
            text(LEFT - 8, y(y) + 4, "end", "", String.format(Locale.ROOT, yStep >= 1 ? "%,.0f" : "%.1f", y));
        }
        for (int i = 0; i <= Math.round(xMax / xStep); i++)
        {
            final double x = i * xStep;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" " +
                "stroke=\"black\"/>\n", x(x), BOTTOM, x(x), BOTTOM + 5));
            text(x(x), BOTTOM + 20, "middle", "", String.format(Locale.ROOT, "%,.0f", x));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" " +
            "stroke=\"black\"/>\n", LEFT, TOP, LEFT, BOTTOM, RIGHT, BOTTOM));
        text((LEFT + RIGHT) / 2.0, HEIGHT - 15, "middle", "", "idle connections");
        text(20, (TOP + BOTTOM) / 2.0, "middle",
            String.format(Locale.ROOT, "transform=\"rotate(-90 20 %.1f)\"", (TOP + BOTTOM) / 2.0), "RSS (MiB)");
    }

    private void drawServer(final ServerResults server, final String colour, final int index)
    {
        final StringBuilder points = new StringBuilder();
        server.rss().stream().filter(RssSample::isComplete).forEach((sample) ->
        {
            final double x = x(sample.connections());
            final double y = y(sample.vmRssKib() / KIB_PER_MIB);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                x, y, colour));
        });
        if (points.length() > 0)
        {
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" " +
                "stroke-width=\"2\"/>\n", points.toString().trim(), colour));
        }
        final int legendY = TOP + 10 + index * LEGEND_LINE;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " +
            "stroke-width=\"2\"/>\n", RIGHT + 20, legendY, RIGHT + 45, legendY, colour));
        text(RIGHT + 52, legendY + 4, "start", "", server.name() + (points.length() > 0 ? "" : " (no data)"));
    }

    private double x(final double connections)
    {
        return LEFT + connections / xMax * (RIGHT - LEFT);
    }

    private double y(final double mib)
    {
        return BOTTOM - mib / yMax * (BOTTOM - TOP);
    }

    private void text(final double x, final double y, final String anchor, final String attributes,
        final String content)
    {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>\n",
            x, y, anchor, attributes.isEmpty() ? "" : " " + attributes, escape(content)));
    }

    /**
     * @return the text with the characters XML gives a meaning escaped.
     */
    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
