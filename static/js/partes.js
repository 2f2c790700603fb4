// Formulario de partes: agregar y quitar partes sin recargar y reconocer a una persona por su documento.
(function () {
  "use strict";
  var form = document.getElementById("form-caso");
  if (!form) return;
  var contenedor = document.getElementById("partes");
  var plantilla = document.getElementById("plantilla-parte");
  var total = form.querySelector("input[name='partes-TOTAL_FORMS']");
  var maximo = parseInt(form.querySelector("input[name='partes-MAX_NUM_FORMS']").value, 10);
  var base = total.name.replace(/-TOTAL_FORMS$/, "");
  var agregar = document.getElementById("agregar-parte");
  var anuncio = document.getElementById("partes-aviso");

  // Agregar y quitar bloques aquí mismo. Sin JavaScript, los dos botones envían el formulario y
  // el servidor lo devuelve con un bloque más o uno menos.
  function bloques() { return Array.prototype.slice.call(contenedor.querySelectorAll(".parte")); }

  function texto(clave, numero) { return contenedor.dataset[clave].replace("%(numero)s", String(numero)); }

  function anunciar(clave, numero) {
    // Vaciar y escribir un instante después: así se anuncia aunque el texto se repita.
    anuncio.textContent = "";
    window.setTimeout(function () { anuncio.textContent = texto(clave, numero); }, 100);
  }

  function alDia() {
    var n = bloques().length;
    total.value = String(n);
    agregar.hidden = n >= maximo;
  }

  // Los bloques siguen numerados 0, 1, 2…: el servidor nunca ve un hueco ni un bloque a medias.
  function renumerar(tarjeta, indice) {
    var patron = new RegExp(base + "-\\d+-", "g");
    var nuevo = base + "-" + indice + "-";
    var elementos = [tarjeta].concat(Array.prototype.slice.call(tarjeta.querySelectorAll("*")));
    elementos.forEach(function (el) {
      ["id", "name", "for", "aria-describedby", "aria-labelledby"].forEach(function (atributo) {
        var valor = el.getAttribute(atributo);
        if (valor) el.setAttribute(atributo, valor.replace(patron, nuevo));
      });
    });
    tarjeta.dataset.prefijo = base + "-" + indice;
    tarjeta.querySelector(".parte-titulo").textContent = texto("titulo", indice + 1);
    var quitar = tarjeta.querySelector(".quitar-parte");
    if (quitar) quitar.value = String(indice);
  }

  agregar.addEventListener("click", function (evento) {
    evento.preventDefault();
    var n = bloques().length;
    if (n >= maximo) return;
    var html = plantilla.innerHTML.replace(/__prefix__/g, String(n)).replace(/__num__/g, String(n + 1));
    contenedor.insertAdjacentHTML("beforeend", html);
    alDia();
    var nueva = contenedor.lastElementChild;
    conectar(nueva);
    anunciar("avisoAgregada", n + 1);
    var primero = nueva.querySelector("select, input, textarea");
    if (primero) primero.focus();
  });

  contenedor.addEventListener("click", function (evento) {
    var boton = evento.target.closest(".quitar-parte");
    if (!boton) return;
    evento.preventDefault();
    var lista = bloques();
    var indice = lista.indexOf(boton.closest(".parte"));
    if (indice < 1) return;
    lista[indice].remove();
    lista.slice(indice + 1).forEach(function (tarjeta, i) { renumerar(tarjeta, indice + i); });
    alDia();
    anunciar("avisoQuitada", indice + 1);
    lista[indice - 1].querySelector(".parte-titulo").focus();
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
