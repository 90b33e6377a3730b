package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RSS chart is well-formed SVG (parsed with the JDK's XML parser) with one line per server that has data, a
 * legend entry per server, ticks on both axes and names escaped.
 */
final class RssChartTest
{
    @Test
    void shouldDrawOneLinePerServerWithALegend() throws Exception
    {
        final Document svg = parse(RssChart.write("holdfast bench <2025> & co", SampleResults.servers()));

        final Element root = svg.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
        final List<String> texts = texts(svg);
        assertTrue(texts.contains("holdfast bench <2025> & co"), texts.toString());
        assertTrue(texts.contains("idle connections") && texts.contains("RSS (MiB)"), texts.toString());
        assertTrue(texts.contains("holdfast") && texts.contains("go") && texts.contains("node (no data)") &&
            texts.contains("python (no data)"),
            texts.toString());
        assertTrue(texts.contains("20,000") && texts.contains("0"), texts.toString());

        // The axes, then a line per server with data: go's failed 19,000 step is left out.
        final NodeList lines = svg.getElementsByTagName("polyline");
        assertEquals(3, lines.getLength());
        assertEquals(5, ((Element)lines.item(1)).getAttribute("points").split(" ").length);
        assertEquals(4, ((Element)lines.item(2)).getAttribute("points").split(" ").length);
        assertEquals(9, svg.getElementsByTagName("circle").getLength());
    }

    @Test
    void shouldDrawAnEmptyChartWhenNothingWasMeasured() throws Exception
    {
        final Document svg = parse(RssChart.write("nothing", List.of(new ServerResults("go", "peer"))));

        assertEquals(1, svg.getElementsByTagName("polyline").getLength());
        assertTrue(texts(svg).contains("go (no data)"));
    }

    @Test
    void shouldPickRoundTickSteps()
    {
        assertEquals(5_000, RssChart.tickStep(19_000));
        assertEquals(2_000, RssChart.tickStep(10_000));
        assertEquals(50, RssChart.tickStep(200));
        assertEquals(0.2, RssChart.tickStep(1), 1e-9);
        assertEquals(100, RssChart.tickStep(344));
    }

    private static Document parse(final String svg) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(final Document svg)
    {
        final NodeList nodes = svg.getElementsByTagName("text");
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++)
        {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
