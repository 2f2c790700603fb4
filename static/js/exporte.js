// «Marcar todas» del formulario de exporte del admin, sin manejadores en línea (CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((caja) => {
    caja.addEventListener("change", (evento) => window.onSelectToggleChange(evento));
  });
});
