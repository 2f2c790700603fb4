// En cada página con sesión: el service worker, el dueño de la cola, el borrado por días sin
// sincronizar, las páginas de captura guardadas al día, el envío de lo pendiente al abrir y al
// volver la señal, el aviso «n pendientes por enviar» y el borrado al salir.
(function () {
  "use strict";
  var cuerpo = document.body;
  if (!cuerpo.dataset.sinSenal || !window.indexedDB || !window.crypto || !crypto.subtle) return;
  var A = window.ConvivenciaAlmacen;
  var C = window.ConvivenciaCola;
  var urls = JSON.parse(cuerpo.dataset.sinSenal);
  var usuario = cuerpo.dataset.usuario;
  var DIA = 24 * 60 * 60 * 1000;
  var dias = parseInt(cuerpo.dataset.dias, 10) || 7;
  var REVISAR_CADA = 10 * 60 * 1000;
  C.configurar(urls);

  var aviso = document.getElementById("sinsenal-aviso");
  function decir(texto, tono) {
    if (!aviso || !texto) return;
    aviso.className = "alert small alert-" + (tono || "info");
    aviso.textContent = texto;
  }

  function marcador(cuenta) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pendientes]"), function (enlace) {
      enlace.classList.toggle("d-none", cuenta.total === 0);
      enlace.classList.toggle("d-inline-flex", cuenta.total > 0);
      var plantilla = cuenta.total === 1 ? enlace.dataset.uno : enlace.dataset.varios;
      enlace.querySelector("[data-pendientes-texto]").textContent = plantilla.replace("%(n)s", cuenta.total);
    });
    document.dispatchEvent(new CustomEvent("convivencia:cola", { detail: cuenta }));
  }

  function actualizarMarcador() { return C.contar().then(marcador); }

  // Otra persona en este teléfono, o demasiados días sin hablar con el servidor: se borra todo.
  function revisarDueno() {
    return A.dueno().then(function (dueno) {
      if (dueno && dueno !== usuario) return A.borrarTodo();
      return A.meta("contacto").then(function (contacto) {
        if (contacto && Date.now() - contacto > dias * DIA) {
          return A.borrarTodo().then(function () {
            decir(cuerpo.dataset.avisoVencido || "", "warning");
          });
        }
        return null;
      });
    }).then(function () { return A.fijarDueno(usuario); }).then(function () {
      return A.meta("contacto").then(function (c) { if (!c) return A.anotar("contacto", Date.now()); return null; });
    });
  }

  // Las páginas de captura de este usuario, guardadas para abrirlas sin red (no tienen datos de
  // nadie); se vuelven a pedir cuando cambia la versión del catálogo.
  function guardarPaginas(sesion) {
    if (!window.caches) return Promise.resolve();
    return A.meta("paginas").then(function (version) {
      if (version === sesion.version) return null;
      var paginas = [];
      if (sesion.captura.casos) paginas.push(urls.pagina_caso);
      if (sesion.captura.asistencia) paginas.push(urls.pagina_asistencia);
      if (paginas.length) paginas.push(urls.pendientes);
      return caches.open("convivencia-paginas").then(function (cache) {
        return Promise.all(paginas.map(function (u) {
          return fetch(u, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
            if (r.status === 200) return cache.put(u, r);
            return null;
          });
        }));
      }).then(function () { return A.anotar("paginas", sesion.version); });
    });
  }

  function contarResultados(r) {
    var enviados = r.resultados.filter(function (x) { return x.resultado === "creado" || x.resultado === "ya_recibido"; });
    var devueltos = r.resultados.filter(function (x) { return x.resultado === "devuelto"; });
    var partes = enviados.map(function (x) { return x.mensaje; });
    if (devueltos.length) partes.push(cuerpo.dataset.avisoDevueltos.replace("%(n)s", devueltos.length));
    if (partes.length) decir(partes.join(" "), devueltos.length ? "warning" : "success");
  }

  var enviando = false;
  function enviarPendientes() {
    if (enviando || !navigator.onLine) return Promise.resolve();
    enviando = true;
    return C.contar().then(function (cuenta) {
      if (!cuenta.total) return null;
      return C.enviar().then(contarResultados);
    }).then(actualizarMarcador, actualizarMarcador).then(function () { enviando = false; }, function () { enviando = false; });
  }

  function alAbrir() {
    return revisarDueno().then(function () {
      return Promise.all([A.meta("contacto"), A.meta("paginas"), C.contar()]);
    }).then(function (v) {
      marcador(v[2]);
      var viejo = !v[0] || Date.now() - v[0] > REVISAR_CADA;
      if (!navigator.onLine || (!viejo && v[1] && !v[2].total)) return null;
      return C.estado().then(function (sesion) {
        if (!sesion || sesion.usuario !== usuario) return null;
        return guardarPaginas(sesion).then(enviarPendientes);
      }, function () { return null; });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(urls.sw).catch(function () {});
  }
  if (window.BroadcastChannel) {
    new BroadcastChannel("convivencia-cola").onmessage = function (e) {
      actualizarMarcador();
      if (e.data && e.data.tipo === "enviado") contarResultados(e.data);
    };
  }
  var sinRed = document.getElementById("sin-red-aviso");
  function senal() { if (sinRed) sinRed.classList.toggle("d-none", navigator.onLine); }
  window.addEventListener("online", function () { senal(); enviarPendientes(); });
  window.addEventListener("offline", senal);
  senal();

  // Salir borra la cola, la llave y las páginas guardadas (también lo pide el servidor con
  // Clear-Site-Data). Con envíos sin mandar, pregunta antes.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-salir]"), function (form) {
    form.addEventListener("submit", function (evento) {
      if (form.dataset.borrado) return;
      evento.preventDefault();
      C.contar().then(function (cuenta) {
        if (cuenta.total && !window.confirm(form.dataset.confirmar.replace("%(n)s", cuenta.total))) return null;
        return A.borrarTodo().then(function () {
          form.dataset.borrado = "1";
          form.submit();
        });
      }, function () { form.dataset.borrado = "1"; form.submit(); });
    });
  });

  window.ConvivenciaPagina = { listo: alAbrir(), enviarPendientes: enviarPendientes, decir: decir, actualizarMarcador: actualizarMarcador };
})();
