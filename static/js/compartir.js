// Compartir el PDF desde el teléfono (Web Share API con archivos). El botón nace oculto y solo
// aparece si el navegador dice que puede compartir un PDF (navigator.canShare); el PDF se pide
// al mostrarlo, para que al tocar el botón la hoja de compartir abra sin esperar la red.
(function () {
  var boton = document.querySelector("[data-compartir]");
  if (!boton || !window.File || !navigator.canShare || !navigator.share) { return; }
  var tipo = { type: "application/pdf" };
  if (!navigator.canShare({ files: [new File([""], "prueba.pdf", tipo)] })) { return; }
  var archivo = fetch(boton.dataset.url, { credentials: "same-origin" })
    .then(function (respuesta) {
      if (!respuesta.ok) { throw new Error("PDF no disponible: " + respuesta.status); }
      return respuesta.blob();
    })
    .then(function (datos) { return new File([datos], boton.dataset.nombre, tipo); });
  archivo.then(function () { boton.hidden = false; }, function () {});
  boton.addEventListener("click", function () {
    archivo.then(function (pdf) {
      return navigator.share({ files: [pdf], title: boton.dataset.titulo });
    }).catch(function () { /* cancelado por la persona o sin red: no hay nada que hacer */ });
  });
})();
