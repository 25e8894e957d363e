/* Dashboard charts drawn with the vendored Apache ECharts (static/vendor/echarts/). The same
   figures are in the tables on the page, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("ew-chart-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { green: "#2e7d32", yellow: "#f2c200", orange: "#ef6c00", red: "#c62828" };
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  draw("ew-chart-dist", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: data.levels.slice(1).map(function (level, i) {
      return { name: level.name, type: "bar", stack: "levels", data: data.distribution[i + 1],
               itemStyle: { color: colours[level.css] } };
    })
  });

  draw("ew-chart-pie", {
    tooltip: { trigger: "item" },
    series: [{
      type: "pie", radius: ["40%", "70%"],
      label: { formatter: "{b}\n{c}" },
      data: data.levels.map(function (level, i) {
        return { name: level.name, value: data.current[i], itemStyle: { color: colours[level.css] } };
      })
    }]
  });

  draw("ew-chart-measures", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels.opened, type: "line", data: data.opened, itemStyle: { color: "#b71c1c" } },
      { name: data.labels.closed, type: "line", data: data.closed, itemStyle: { color: "#1b5e20" } }
    ]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
