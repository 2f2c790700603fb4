// Pantalla de asistencia: al escribir el documento, si la persona ya es conocida, se completan sus datos.
(function () {
  "use strict";
  var form = document.getElementById("form-asistencia");
  if (!form) return;
  var tipo = form.querySelector("[name='tipo_documento']");
  var numero = form.querySelector("[name='numero_documento']");
  var aviso = form.querySelector(".aviso-conocida");
  function buscar() {
    var valor = numero.value.trim();
    if (!valor || tipo.value === "SD") { aviso.classList.add("d-none"); return; }
    fetch(form.dataset.buscarUrl + "?tipo=" + encodeURIComponent(tipo.value) + "&numero=" + encodeURIComponent(valor),
          { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { encontrada: false }; })
      .then(function (d) {
        if (!d.encontrada) { aviso.classList.add("d-none"); return; }
        form.querySelector("[name='nombres']").value = d.nombres;
        form.querySelector("[name='apellidos']").value = d.apellidos;
        form.querySelector("[name='sexo']").value = d.sexo;
        if (d.edad !== null) form.querySelector("[name='edad']").value = d.edad;
        aviso.classList.remove("d-none");
      })
      .catch(function () { aviso.classList.add("d-none"); });
  }
  numero.addEventListener("change", buscar);
  tipo.addEventListener("change", buscar);
  // El foco inicial lo da el atributo autofocus del campo: moverlo aquí, cuando el script termina
  // de cargar en un teléfono lento, le robaría las teclas a quien ya está escribiendo.
})();
