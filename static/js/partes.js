// Formulario de partes: agregar otra parte sin recargar y reconocer a una persona por su documento.
(function () {
  "use strict";
  var form = document.getElementById("form-caso");
  if (!form) return;
  var contenedor = document.getElementById("partes");
  var plantilla = document.getElementById("plantilla-parte");
  var total = form.querySelector("input[name='partes-TOTAL_FORMS']");
  var maximo = parseInt(form.querySelector("input[name='partes-MAX_NUM_FORMS']").value, 10);

  document.getElementById("agregar-parte").addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    if (n >= maximo) return;
    var html = plantilla.innerHTML.replace(/__prefix__/g, String(n)).replace(/__num__/g, String(n + 1));
    contenedor.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var nueva = contenedor.lastElementChild;
    conectar(nueva);
    var primero = nueva.querySelector("select, input");
    if (primero) primero.focus();
  });

  function campo(tarjeta, nombre) {
    return tarjeta.querySelector("[name='" + tarjeta.dataset.prefijo + "-" + nombre + "']");
  }

  function buscar(tarjeta) {
    var tipo = campo(tarjeta, "tipo_documento").value;
    var numero = campo(tarjeta, "numero_documento").value.trim();
    var aviso = tarjeta.querySelector(".aviso-conocida");
    if (!numero || tipo === "SD") { aviso.classList.add("d-none"); return; }
    var url = form.dataset.buscarUrl + "?tipo=" + encodeURIComponent(tipo) + "&numero=" + encodeURIComponent(numero);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { encontrada: false }; })
      .then(function (datos) {
        if (!datos.encontrada) { aviso.classList.add("d-none"); return; }
        campo(tarjeta, "nombres").value = datos.nombres;
        campo(tarjeta, "apellidos").value = datos.apellidos;
        campo(tarjeta, "sexo").value = datos.sexo;
        if (datos.edad !== null) campo(tarjeta, "edad").value = datos.edad;
        aviso.classList.remove("d-none");
      })
      .catch(function () { aviso.classList.add("d-none"); });
  }

  function conectar(tarjeta) {
    campo(tarjeta, "numero_documento").addEventListener("change", function () { buscar(tarjeta); });
    campo(tarjeta, "tipo_documento").addEventListener("change", function () { buscar(tarjeta); });
  }

  Array.prototype.forEach.call(contenedor.querySelectorAll(".parte"), conectar);
})();
