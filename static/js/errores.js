// Resumen de errores arriba del formulario (patrón GOV.UK): al cargar, el foco va a la caja para
// que el lector de pantalla lea «Hay N problemas»; cada enlace lleva al campo, abre el <details>
// que lo contiene y deja visible su etiqueta.
(function () {
  "use strict";
  var resumen = document.querySelector(".resumen-errores[data-enfocar]");
  if (!resumen) return;
  resumen.focus();
  resumen.addEventListener("click", function (evento) {
    var enlace = evento.target.closest("a[href^='#']");
    if (!enlace) return;
    var campo = document.getElementById(enlace.getAttribute("href").slice(1));
    if (!campo) return;
    evento.preventDefault();
    var contenedor = campo.closest("details");
    while (contenedor) {
      contenedor.open = true;
      contenedor = contenedor.parentElement && contenedor.parentElement.closest("details");
    }
    var caja = campo.closest("fieldset, .mb-3") || campo;
    caja.scrollIntoView();
    campo.focus({ preventScroll: true });
  });
})();
