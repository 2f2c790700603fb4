/* Paneles plegables. El servidor manda cerrados los <details data-abrir-en-ancho> (filtros de
   las listas, secciones de los tableros): en el teléfono lo primero son los resultados o las
   cifras, y sin JavaScript todo sigue a un toque. En pantallas anchas se abren aquí, y para
   imprimir se abren todos. */
(function () {
  "use strict";
  function abrir(selector) {
    document.querySelectorAll(selector).forEach(function (panel) {
      panel.open = true;
    });
  }
  if (window.matchMedia("(min-width: 768px)").matches) {
    abrir("details[data-abrir-en-ancho]");
  }
  window.addEventListener("beforeprint", function () {
    abrir("details");
  });
})();
