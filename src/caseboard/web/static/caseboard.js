// Draws the plotly figures the server put in data-figure attributes, and makes
// a click on a point open the page its customdata names (a same-site path).
"use strict";

function openPoint(event) {
  const point = event && event.points && event.points[0];
  const target = point && point.customdata;
  if (typeof target === "string" && target.startsWith("/") && !target.startsWith("//")) {
    window.location.assign(target);
  }
}

document.querySelectorAll("[data-figure]").forEach(function (box) {
  const figure = JSON.parse(box.dataset.figure);
  box.textContent = "";
  Plotly.newPlot(box, figure.data, figure.layout, { responsive: true, displaylogo: false }).then(function () {
    box.on("plotly_click", openPoint);
    box.dataset.ready = "true";
  });
});
