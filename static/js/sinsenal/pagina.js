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
  var sesionMinutos = parseInt(cuerpo.dataset.sesionMinutos, 10) || 30;
  var REVISAR_CADA = 5 * 60 * 1000;
  // «ajena»: la cola es de otra cuenta que entró en este teléfono (no se ve, no se envía, aquí no
  // se captura sin señal). «bloqueada»: lo escrito no se muestra porque la sesión del dueño no se
  // ha visto en el servidor desde hace más de lo que dura una sesión sin uso (sin red no hay cómo
  // saber si sigue abierta): quien encuentre el teléfono no lee nada sin la clave.
  var estadoCola = { ajena: false, bloqueada: true };
  // Una página de captura guardada (la sirve el service worker sin red) lleva el resumen del
  // usuario que la guardó, no el de la sesión de ahora: no dice quién usa el teléfono.
  var guardada = !!document.querySelector("[data-captura-guardada]");
  // El envío que se está revisando no sale solo mientras se revisa.
  var revisando = new URLSearchParams(location.search).get("item");
  C.configurar(urls);

  var aviso = document.getElementById("sinsenal-aviso");
  function decir(texto, tono) {
    if (!aviso || !texto) return;
    aviso.className = "alert small alert-" + (tono || "info");
    aviso.textContent = texto;
  }

  function plural(uno, varios, n) { return (n === 1 ? uno : varios).replace("%(n)s", n); }

  function marcador(cuenta) {
    if (estadoCola.ajena) cuenta = { total: 0, devueltos: 0, pendientes: 0 };
    Array.prototype.forEach.call(document.querySelectorAll("[data-pendientes]"), function (enlace) {
      enlace.classList.toggle("d-none", cuenta.total === 0);
      enlace.classList.toggle("d-inline-flex", cuenta.total > 0);
      var d = enlace.dataset, texto;
      // Corto si hay de los dos: la barra no se parte en tres renglones en 360 px.
      if (cuenta.pendientes && cuenta.devueltos) texto = d.ambos.replace("%(n)s", cuenta.pendientes).replace("%(m)s", cuenta.devueltos);
      else if (cuenta.pendientes) texto = plural(d.uno, d.varios, cuenta.pendientes);
      else texto = plural(d.devueltoUno, d.devueltos, cuenta.devueltos);
      enlace.querySelector("[data-pendientes-texto]").textContent = texto;
    });
    document.dispatchEvent(new CustomEvent("convivencia:cola", { detail: cuenta }));
  }

  function actualizarMarcador() { return C.contar().then(marcador); }

  function marcarBloqueo() {
    return A.meta("sesion").then(function (vista) {
      estadoCola.bloqueada = estadoCola.ajena || !vista || Date.now() - vista > sesionMinutos * 60 * 1000;
    });
  }

  // Otra cuenta en este teléfono: si la cola está vacía, se empieza de nuevo; si no, se conserva
  // para su dueño (que la envía al volver a entrar) y aquí no se toca. Demasiados días sin hablar
  // con el servidor: se borra todo, salvo que ahora mismo haya señal y la sesión sea del dueño (la
  // cola sale ya). Desde dos días antes, un aviso.
  function revisarDueno() {
    return Promise.all([A.dueno(), A.items(), A.meta("contacto")]).then(function (v) {
      var dueno = v[0], items = v[1], contacto = v[2];
      var vencida = contacto && Date.now() - contacto > dias * DIA;
      var paso = Promise.resolve();
      if (vencida) {
        paso = (navigator.onLine ? C.estado().catch(function () { return null; }) : Promise.resolve(null))
          .then(function (sesion) {
            if (sesion && sesion.usuario === dueno) return null;
            return A.borrarTodo().then(function () {
              if (items.length) decir(cuerpo.dataset.avisoVencido || "", "warning");
              dueno = null;
              items = [];
            });
          });
      }
      return paso.then(function () {
        if (dueno && dueno !== usuario) {
          if (!items.length) return A.borrarTodo().then(function () { return A.fijarDueno(usuario); });
          estadoCola.ajena = true;
          decir(plural(cuerpo.dataset.avisoAjenaUno, cuerpo.dataset.avisoAjena, items.length), "warning");
          // Las páginas guardadas son del dueño: sin ellas, sin red esta cuenta ve «Sin conexión».
          return window.caches ? caches.delete("convivencia-paginas").then(function () {
            return A.anotar("paginas", null);
          }) : null;
        }
        if (!dueno) return A.fijarDueno(usuario);
        if (items.length && contacto && Date.now() - contacto > (dias - 2) * DIA) {
          var limite = new Date(contacto + dias * DIA);
          decir(cuerpo.dataset.avisoPorVencer.replace("%(fecha)s", limite.toLocaleDateString("es-CO", { dateStyle: "long" })), "warning");
        }
        return null;
      });
    }).then(function () {
      return guardada ? null : A.anotar("actual", usuario);
    }).then(function () {
      return A.meta("contacto").then(function (c) { if (!c) return A.anotar("contacto", Date.now()); return null; });
    }).then(marcarBloqueo);
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
    if (r.sinSesion) decir(cuerpo.dataset.avisoSinSesion, "warning");
    var enviados = r.resultados.filter(function (x) { return x.resultado === "creado" || x.resultado === "ya_recibido"; });
    var devueltos = r.resultados.filter(function (x) { return x.resultado === "devuelto"; });
    var partes = enviados.map(function (x) { return x.mensaje; });
    if (devueltos.length) partes.push(plural(cuerpo.dataset.avisoDevueltosUno, cuerpo.dataset.avisoDevueltos, devueltos.length));
    if (partes.length) decir(partes.join(" "), devueltos.length ? "warning" : "success");
  }

  var enviando = false;
  function enviarPendientes() {
    if (enviando || !navigator.onLine || estadoCola.ajena) return Promise.resolve();
    enviando = true;
    return C.contar().then(function (cuenta) {
      if (!cuenta.total) return null;
      return C.enviar(null, "pagina", revisando).then(contarResultados);
    }).then(actualizarMarcador, actualizarMarcador).then(function () { enviando = false; }, function () { enviando = false; });
  }

  function alAbrir() {
    return revisarDueno().then(function () {
      return Promise.all([A.meta("sesion"), A.meta("paginas"), C.contar()]);
    }).then(function (v) {
      marcador(v[2]);
      if (estadoCola.ajena) return null;
      var viejo = !v[0] || Date.now() - v[0] > REVISAR_CADA;
      if (!navigator.onLine || (!viejo && v[1] && !v[2].total)) return null;
      return C.estado().then(function (sesion) {
        if (!sesion || sesion.usuario !== usuario) return null;
        return marcarBloqueo().then(function () { return guardarPaginas(sesion); }).then(enviarPendientes);
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
  // Si la cola es de otra cuenta, salir no la borra (su dueño la envía al volver): el formulario
  // pide al servidor que no borre el almacenamiento del sitio, y aquí solo se borran las cachés.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-salir]"), function (form) {
    function salir() { form.dataset.borrado = "1"; form.submit(); }
    form.addEventListener("submit", function (evento) {
      if (form.dataset.borrado) return;
      evento.preventDefault();
      if (estadoCola.ajena) {
        var conservar = document.createElement("input");
        conservar.type = "hidden"; conservar.name = "conservar"; conservar.value = "1";
        form.appendChild(conservar);
        caches.keys().then(function (n) { return Promise.all(n.map(function (x) { return caches.delete(x); })); }).then(salir, salir);
        return;
      }
      C.contar().then(function (cuenta) {
        var plantilla = cuenta.total === 1 ? form.dataset.confirmarUno : form.dataset.confirmar;
        if (cuenta.total && !window.confirm(plantilla.replace("%(n)s", cuenta.total))) return null;
        return A.borrarTodo().then(salir);
      }, salir);
    });
  });

  window.ConvivenciaPagina = {
    listo: alAbrir(),
    estado: estadoCola,
    plural: plural,
    enviarPendientes: enviarPendientes,
    decir: decir,
    actualizarMarcador: actualizarMarcador,
  };
})();
