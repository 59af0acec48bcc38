"""The preview's script, written next to the HTML files as `mtpbot-charts.js`: it draws every chart of the
page with Apache ECharts (loaded before it, from the local copy) and the SVG renderer, as Extension:Chart's
client does, adding what JSON cannot carry: the number formatting of the value axis and tooltip
(bot.preview.echarts).

After drawing, each chart's element says so for anyone reading the document (and the browser test):
`data-drawn="true"`, `data-points` the pixel position of each value of each line (null for a gap), relative
to the element, and `data-box` the element's place on the page; a chart that fails gets `data-error` and says
so in words. Without ECharts the page says how to install it (the HTML already does, in the Charts section).
"""

from __future__ import annotations

SCRIPT_NAME = "mtpbot-charts.js"

SCRIPT = """\
/* mtpbot preview: draws each chart of this page with Apache ECharts (loaded before this file). */
(function () {
  "use strict";
  var LANGUAGE = document.documentElement.lang || "en";

  // Numbers as Extension:Chart shows them: compact from 1000 up ("86K"), at most 2 decimals below 100,
  // 3 for negative numbers, none otherwise.
  function formatNumber(value) {
    if (typeof value !== "number" || !isFinite(value)) {
      return value === null || value === undefined ? "" : String(value);
    }
    var decimals = value < 0 ? 3 : (value < 100 ? 2 : 0);
    return new Intl.NumberFormat(LANGUAGE, {
      style: "decimal",
      notation: value >= 1000 ? "compact" : "standard",
      compactDisplay: "short",
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals
    }).format(value);
  }

  function pointsOf(chart, option) {
    return option.series.map(function (series, index) {
      return series.data.map(function (value, position) {
        if (value === null) {
          return null;
        }
        var xy = chart.convertToPixel({ seriesIndex: index }, [position, value]);
        return [Math.round(xy[0]), Math.round(xy[1])];
      });
    });
  }

  function draw(element) {
    var option = JSON.parse(element.getAttribute("data-option"));
    var chart = echarts.init(element, null, { renderer: "svg" });
    if (element.getAttribute("data-number-format") !== "none") {
      option.yAxis.axisLabel = { formatter: formatNumber };
      option.tooltip.valueFormatter = formatNumber;
    }
    option.title.textStyle.width = Math.max(chart.getWidth() - 24, 100);
    chart.setOption(option);
    var box = element.getBoundingClientRect();
    element.setAttribute("data-points", JSON.stringify(pointsOf(chart, option)));
    element.setAttribute("data-box", JSON.stringify([
      Math.round(box.left + window.scrollX), Math.round(box.top + window.scrollY),
      Math.round(box.width), Math.round(box.height)
    ]));
    element.setAttribute("data-drawn", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll() {
    var elements = Array.prototype.slice.call(document.querySelectorAll(".mtpbot-chart"));
    if (typeof echarts === "undefined") {
      elements.forEach(function (element) { element.setAttribute("data-error", "ECharts did not load"); });
      return;
    }
    elements.forEach(function (element) {
      try {
        draw(element);
      } catch (error) {
        element.setAttribute("data-error", String(error));
        element.textContent = "This chart could not be drawn: " + error;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
"""
