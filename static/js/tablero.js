/* Gráficos de los tableros con Chart.js (servido desde static/vendor). Los datos llegan por
   json_script como números JSON (no formateados en español); cada gráfico tiene su tabla. */
(function () {
  "use strict";
  var fuente = document.getElementById("datos-graficos");
  if (!fuente || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  // Colores con contraste suficiente sobre blanco (WCAG 2.1 AA para objetos gráficos: 3:1).
  var colores = ["#0b4f8a", "#b45309", "#0f766e", "#7c3aed", "#be123c", "#4d7c0f", "#475569"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false;

  document.querySelectorAll("canvas[data-grafico]").forEach(function (lienzo) {
    var grafico = datos[lienzo.dataset.grafico];
    if (!grafico) {
      return;
    }
    var tipo = lienzo.dataset.tipo || "bar";
    var series = grafico.series || [{ nombre: "", valores: grafico.valores }];
    var circular = tipo === "doughnut";
    new Chart(lienzo, {
      type: tipo === "barh" ? "bar" : tipo,
      data: {
        labels: grafico.etiquetas,
        datasets: series.map(function (serie, i) {
          return {
            label: serie.nombre,
            data: serie.valores,
            backgroundColor: circular ? colores : colores[i % colores.length],
            borderColor: circular ? "#fff" : colores[i % colores.length],
            tension: 0,
          };
        }),
      },
      options: {
        indexAxis: tipo === "barh" ? "y" : "x",
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 || circular, position: "bottom" } },
        scales: circular ? {} : { x: { beginAtZero: true }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
