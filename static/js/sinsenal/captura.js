// Formularios de captura sin señal (form[data-captura="caso|asistencia|conteos"]).
//
// Al enviar: lo escrito entra cifrado a la cola con su token y, si hay señal, sale de una vez; si
// no, espera (Background Sync o la próxima vez que se abra el sitio). En las páginas en línea
// (data-en-linea) solo se intercepta cuando el teléfono sabe que no tiene red; si la señal se va a
// mitad del envío, lo recoge el service worker. Con ?item=<token> el formulario se llena con un
// envío de la cola (y los errores con que el servidor lo devolvió) para revisarlo.
(function () {
  "use strict";
  var C = window.ConvivenciaCola;
  var P = window.ConvivenciaPagina;
  var forms = document.querySelectorAll("form[data-captura]");
  if (!C || !window.crypto || !crypto.subtle || !window.indexedDB) return;
  var parametros = new URLSearchParams(location.search);

  function campoToken(form) { return form.querySelector("input[name='token']"); }

  function nuevoToken(form) {
    var campo = campoToken(form);
    if (campo) campo.value = crypto.randomUUID();
  }

  function elegida(form) {
    if (form.dataset.actividad) return form.dataset.actividad;
    var lista = form.dataset.actividadDe && document.querySelector(form.dataset.actividadDe);
    return lista ? lista.value : "";
  }

  function texto(el) { return el && el.selectedOptions && el.selectedOptions[0] ? el.selectedOptions[0].textContent.trim() : ""; }

  function resumen(form, tipo) {
    var f = function (n) { var el = form.querySelector("[name='" + n + "']"); return el ? el.value.trim() : ""; };
    if (tipo === "caso") {
      var n = form.querySelectorAll(".parte").length;
      return [texto(form.querySelector("[name='tipo']")), n + " " + (n === 1 ? form.dataset.parte : form.dataset.partes),
              (f("partes-0-nombres") + " " + f("partes-0-apellidos")).trim()].filter(Boolean).join(" · ");
    }
    var actividad = form.dataset.actividadTema || texto(document.querySelector(form.dataset.actividadDe || "#nada"));
    if (tipo === "asistencia") return [(f("nombres") + " " + f("apellidos")).trim(), actividad].filter(Boolean).join(" · ");
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[name^='c_']"), function (el) { total += parseInt(el.value, 10) || 0; });
    return [actividad, form.dataset.contados.replace("%(n)s", total)].join(" · ");
  }

  // --- errores: los del servidor junto a cada campo y un resumen arriba (como errores.js) ---

  function limpiarErrores(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".is-invalid"), function (el) { el.classList.remove("is-invalid"); el.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(form.querySelectorAll(".error-de-la-cola"), function (el) { el.remove(); });
  }

  function mostrarErrores(form, devolucion) {
    limpiarErrores(form);
    var caja = document.createElement("div");
    caja.className = "alert alert-danger error-de-la-cola resumen-errores";
    caja.tabIndex = -1;
    caja.setAttribute("role", "alert");
    var titulo = document.createElement("p");
    titulo.className = "fw-semibold mb-1";
    titulo.textContent = devolucion.mensaje || form.dataset.devuelto;
    caja.appendChild(titulo);
    var lista = document.createElement("ul");
    lista.className = "mb-0";
    (devolucion.generales || []).forEach(function (m) {
      if (m === devolucion.mensaje) return;
      var li = document.createElement("li"); li.textContent = m; lista.appendChild(li);
    });
    Object.keys(devolucion.errores || {}).forEach(function (nombre) {
      var mensajes = devolucion.errores[nombre].join(" ");
      var el = nombre === "actividad" && form.dataset.actividadDe ? document.querySelector(form.dataset.actividadDe) : form.querySelector("[name='" + nombre + "']");
      var li = document.createElement("li");
      if (el) {
        el.classList.add("is-invalid");
        el.setAttribute("aria-invalid", "true");
        var nota = document.createElement("div");
        nota.className = "invalid-feedback d-block error-de-la-cola";
        nota.id = (el.id || nombre) + "-error-cola";
        nota.textContent = mensajes;
        var ancla = el.closest(".form-check, .input-group") || el;
        ancla.insertAdjacentElement("afterend", nota);
        el.setAttribute("aria-describedby", nota.id);
        var d = el.closest("details");
        while (d) { d.open = true; d = d.parentElement && d.parentElement.closest("details"); }
        var a = document.createElement("a");
        a.href = "#" + el.id;
        var etiqueta = el.id && document.querySelector("label[for='" + el.id + "']");
        a.textContent = (etiqueta ? etiqueta.textContent.replace("*", "").trim() + ": " : "") + mensajes;
        li.appendChild(a);
      } else {
        li.textContent = mensajes;
      }
      lista.appendChild(li);
    });
    if (lista.children.length) caja.appendChild(lista);
    caja.addEventListener("click", function (e) {
      var a = e.target.closest("a[href^='#']");
      if (!a) return;
      var el = document.getElementById(a.getAttribute("href").slice(1));
      if (!el) return;
      e.preventDefault();
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
    });
    form.insertAdjacentElement("afterbegin", caja);
    caja.focus();
  }

  // --- el resultado, junto al formulario ---

  function avisar(form, mensaje, tono, enlace) {
    var zona = document.getElementById("captura-resultado");
    if (!zona) { if (P) P.decir(mensaje, tono); return; }
    zona.className = "alert alert-" + tono;
    zona.textContent = mensaje + " ";
    if (enlace) {
      var a = document.createElement("a");
      a.href = enlace.url; a.textContent = enlace.texto; a.className = "alert-link";
      zona.appendChild(a);
    }
    zona.focus();
  }

  function pedirSincronizacion() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (r) {
      if (r.sync) return r.sync.register("convivencia-enviar");
      return null;
    }).catch(function () {});
  }

  // A la página siguiente sin dejar atrás el formulario lleno: «Atrás» no lo trae de vuelta para
  // guardarlo dos veces.
  function ir(form, url) {
    form.reset();
    location.replace(url.toString());
  }

  function guardado(form, tipo, token, sinSesion) {
    pedirSincronizacion();
    var siguiente = new URL(form.dataset.siguiente || location.pathname, location.href);
    siguiente.searchParams.set(sinSesion ? "sin_sesion" : "guardado", token);
    if (tipo !== "caso" && elegida(form)) siguiente.searchParams.set("actividad", elegida(form));
    ir(form, siguiente);
  }

  var MAXIMO = parseInt(document.body.dataset.archivoMaximo, 10) || 10 * 1024 * 1024;
  var TIPOS = ["application/pdf", "image/jpeg", "image/png"];
  var EXTENSIONES = /\.(pdf|jpe?g|png)$/i;

  // Lo que se sabe sin el servidor, antes de guardar en el teléfono: un archivo que el servidor
  // rechazaría (y que se subiría entero con los datos prepagados) no entra a la cola.
  function erroresLocales(form) {
    var errores = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type='file']"), function (el) {
      var archivo = el.files && el.files[0];
      if (!archivo) return;
      if (archivo.size > MAXIMO) errores[el.name] = [form.dataset.archivoGrande];
      else if (archivo.type ? TIPOS.indexOf(archivo.type) < 0 : !EXTENSIONES.test(archivo.name)) {
        errores[el.name] = [form.dataset.archivoTipo];
      }
    });
    // Conteos: sin nadie contado no hay nada que crear (el servidor también lo dice).
    var celdas = form.querySelectorAll("input[name^='c_']");
    if (form.dataset.captura === "conteos" && celdas.length) {
      var total = 0;
      Array.prototype.forEach.call(celdas, function (el) { total += parseInt(el.value, 10) || 0; });
      if (!total) errores[celdas[0].name] = [form.dataset.sinConteos];
    }
    return errores;
  }

  function capturar(form, tipo, boton) {
    if (P && P.estado.ajena) {
      avisar(form, form.dataset.ajena, "warning");
      return;
    }
    var locales = erroresLocales(form);
    if (Object.keys(locales).length) {
      mostrarErrores(form, { mensaje: form.dataset.devueltoLocal, errores: locales });
      return;
    }
    var revisado = form.dataset.revisando;
    var comprobar = revisado
      ? window.ConvivenciaAlmacen.item(revisado)
      : Promise.resolve(true);
    comprobar.then(function (sigue) {
      if (sigue) return capturarYa(form, tipo, boton);
      // Mientras lo revisaba, el envío original llegó al servidor: guardar la corrección con el
      // mismo token no la registraría (el servidor respondería «ya estaba»).
      return window.ConvivenciaAlmacen.meta("enviados").then(function (lista) {
        var enviado = (lista || []).filter(function (e) { return e.token === revisado; })[0];
        avisar(form, form.dataset.yaEnviado, "warning", enviado && enviado.url ? { url: enviado.url, texto: enviado.radicado || form.dataset.abrirLo } : null);
      });
    });
  }

  function capturarYa(form, tipo, boton) {
    var datos = new FormData(form);
    if (tipo !== "caso") {
      var actividad = elegida(form);
      if (!actividad) {
        mostrarErrores(form, { mensaje: form.dataset.sinActividad, errores: { actividad: [form.dataset.sinActividad] } });
        return;
      }
      datos.set("actividad", actividad);
    }
    var tema = tipo === "caso" ? "" : (form.dataset.actividadTema || texto(document.querySelector(form.dataset.actividadDe || "#nada")));
    if (!datos.get("token")) datos.set("token", crypto.randomUUID());
    if (boton) boton.disabled = true;
    C.desdeFormulario(datos).then(function (contenido) {
      contenido.resumen = resumen(form, tipo);
      contenido.actividad_tema = tema;
      return C.guardar(tipo, contenido);
    }).then(function (token) {
      if (!navigator.onLine) return guardado(form, tipo, token, false);
      return C.enviar(token).then(function (r) {
        var res = r.resultados[0];
        if (res && (res.resultado === "creado" || res.resultado === "ya_recibido")) {
          if (tipo === "caso" && res.url) { ir(form, new URL(res.url, location.href)); return; }
          var siguiente = new URL(location.pathname, location.href);
          siguiente.searchParams.set("enviado", token);
          siguiente.searchParams.set("actividad", datos.get("actividad"));
          ir(form, siguiente);
          return;
        }
        if (res && res.resultado === "devuelto") {
          if (boton) boton.disabled = false;
          mostrarErrores(form, res);
          return;
        }
        guardado(form, tipo, token, r.sinSesion || (res && res.resultado === "sin_sesion"));
      });
    }).catch(function (error) {
      if (boton) boton.disabled = false;
      avisar(form, form.dataset.noSeGuardo + " (" + error.message + ")", "danger");
    });
  }

  // --- revisar un envío de la cola ---

  function llenar(form, contenido) {
    var campos = contenido.campos;
    var total = C.valor(contenido, "partes-TOTAL_FORMS");
    var agregar = document.getElementById("agregar-parte");
    if (total && agregar) {
      for (var i = form.querySelectorAll(".parte").length; i < parseInt(total, 10); i++) agregar.click();
    }
    Array.prototype.forEach.call(form.querySelectorAll("input[type='checkbox']"), function (el) { el.checked = false; });
    campos.forEach(function (c) {
      var nombre = c[0], valor = c[1];
      if (nombre === "actividad") {
        var lista = form.dataset.actividadDe && document.querySelector(form.dataset.actividadDe);
        if (!lista) return;
        if (!lista.querySelector("option[value='" + CSS.escape(valor) + "']")) {
          // La actividad salió de la lista (cancelada, o ya pasó la semana): se deja a la vista.
          var opcion = document.createElement("option");
          opcion.value = valor;
          opcion.textContent = lista.dataset.yaNoEsta.replace("%(tema)s", contenido.actividad_tema || valor);
          lista.appendChild(opcion);
        }
        lista.value = valor;
        return;
      }
      var elementos = form.querySelectorAll("[name='" + nombre + "']");
      Array.prototype.forEach.call(elementos, function (el) {
        if (el.type === "checkbox") el.checked = true;
        else if (el.type === "radio") el.checked = el.value === valor;
        else if (el.type !== "file") el.value = valor;
      });
    });
    contenido.archivos.forEach(function (a) {
      var el = form.querySelector("input[type='file'][name='" + a[0] + "']");
      if (!el || !window.DataTransfer) return;
      var binario = atob(a[3]), bytes = new Uint8Array(binario.length);
      for (var i = 0; i < binario.length; i++) bytes[i] = binario.charCodeAt(i);
      var dt = new DataTransfer();
      dt.items.add(new File([bytes], a[1], { type: a[2] }));
      el.files = dt.files;
    });
  }

  function revisar(form, tipo, token) {
    return window.ConvivenciaAlmacen.item(token).then(function (item) {
      if (!item || item.tipo !== tipo) return null;
      if (P && P.estado.bloqueada) {
        avisar(form, form.dataset.bloqueada, "warning");
        return null;
      }
      return C.abrirItem(item).then(function (abierto) {
        llenar(form, abierto.contenido);
        form.dataset.revisando = token;
        var plegable = form.closest("details");
        if (plegable) {
          // La sección de este envío abierta, las otras cerradas (los conteos van en la segunda).
          Array.prototype.forEach.call(document.querySelectorAll("details.captura"), function (d) { d.open = d === plegable; });
        }
        var aviso = document.getElementById("captura-revision");
        if (aviso) aviso.classList.remove("d-none");
        if (abierto.contenido.devolucion) mostrarErrores(form, abierto.contenido.devolucion);
      });
    });
  }

  function anunciarResultado() {
    var zona = document.getElementById("captura-resultado");
    if (!zona) return;
    if (parametros.get("guardado") || parametros.get("sin_sesion")) {
      C.contar().then(function (cuenta) {
        var plantilla = parametros.get("sin_sesion") ? zona.dataset.sinSesion : zona.dataset.guardado;
        avisar(null, plantilla.replace("%(n)s", cuenta.total), "info", { url: zona.dataset.urlPendientes, texto: zona.dataset.verPendientes });
      });
    } else if (parametros.get("enviado")) {
      window.ConvivenciaAlmacen.meta("enviados").then(function (lista) {
        var enviado = (lista || []).filter(function (e) { return e.token === parametros.get("enviado"); })[0];
        if (enviado) avisar(null, enviado.mensaje, "success", enviado.url ? { url: enviado.url, texto: zona.dataset.abrir } : null);
      });
    }
  }

  function hoy() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  var listo = P ? P.listo.catch(function () {}) : Promise.resolve();
  Array.prototype.forEach.call(forms, function (form) {
    var tipo = form.dataset.captura;
    var enLinea = form.hasAttribute("data-en-linea");
    var item = parametros.get("item");
    if (!enLinea) {
      // Siempre un token nuevo (la página guardada trae siempre el mismo); al revisar un envío,
      // el suyo lo reemplaza en el formulario que le corresponde.
      nuevoToken(form);
      if (item) {
        listo.then(function () { revisar(form, tipo, item); });
      } else {
        // La página guardada trae la fecha del día en que se guardó: la de hoy, la del teléfono.
        var recepcion = form.querySelector("[name='fecha_recepcion']");
        if (recepcion) recepcion.value = hoy();
      }
    }
    form.addEventListener("submit", function (evento) {
      var boton = evento.submitter;
      if (boton && (boton.name === "agregar_parte" || boton.name === "quitar_parte")) return;
      if (enLinea && navigator.onLine) return;
      evento.preventDefault();
      capturar(form, tipo, boton);
    });
  });
  var lista = document.getElementById("actividad");
  var desdeUrl = parametros.get("actividad") || (/^\/actividades\/(\d+)\//.exec(location.pathname) || [])[1];
  if (lista && desdeUrl && !parametros.get("item")) lista.value = desdeUrl;
  anunciarResultado();
})();
