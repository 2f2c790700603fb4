{% autoescape off %}// Service worker de Convivencia (versión {{ version }}). Escrito a mano, sin Workbox: sus reglas
// caben aquí y se leen de una vez, y la cola de Workbox (BackgroundSyncPlugin) guarda las
// solicitudes en claro en IndexedDB; la nuestra las guarda cifradas (static/js/sinsenal/).
//
// - Guarda al instalarse los archivos estáticos por su nombre con resumen y la página «sin
//   conexión»; nada más. Las páginas con datos van siempre a la red y no se guardan.
// - Sin red, una página de captura (registrar caso, asistencia, pendientes) sale de las que la
//   página guardó para este usuario; cualquier otra, la página «sin conexión».
// - Si la señal se va mientras se envía el formulario en línea de un caso o de un asistente, lo
//   escrito entra cifrado a la cola en vez de perderse.
// - «sync» (Background Sync, donde el navegador lo tiene): manda la cola al volver la señal.
"use strict";
var VERSION = "{{ version }}";
var ESTATICOS = {{ estaticos }};
var SIN_CONEXION = {{ sin_conexion }};
var CACHE_ESTATICOS = "convivencia-estaticos-" + VERSION;
var CACHE_PAGINAS = "convivencia-paginas";
var URLS = {{ urls }};

importScripts.apply(self, {{ cola }});
ConvivenciaCola.configurar(URLS);

var rutasEstaticas = new Set(ESTATICOS.map(function (u) { return new URL(u, self.location).pathname; }));

self.addEventListener("install", function (evento) {
  evento.waitUntil(
    caches.open(CACHE_ESTATICOS)
      .then(function (cache) { return cache.addAll(ESTATICOS.concat([SIN_CONEXION])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (evento) {
  evento.waitUntil(
    caches.keys().then(function (nombres) {
      return Promise.all(nombres.filter(function (n) {
        return n.indexOf("convivencia-estaticos-") === 0 && n !== CACHE_ESTATICOS;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function estatico(solicitud) {
  return caches.match(solicitud, { ignoreSearch: true, cacheName: CACHE_ESTATICOS }).then(function (guardado) {
    if (guardado) return guardado;
    return fetch(solicitud).then(function (respuesta) {
      if (respuesta.ok) {
        var copia = respuesta.clone();
        caches.open(CACHE_ESTATICOS).then(function (cache) { cache.put(solicitud, copia); });
      }
      return respuesta;
    });
  });
}

// La página guardada que sirve sin red para `ruta`, o la de «sin conexión».
function paginaSinRed(ruta) {
  var cual = null;
  if (ruta === URLS.nuevo_caso || ruta === URLS.pagina_caso) cual = URLS.pagina_caso;
  else if (/^\/actividades\/\d+\/(asistencia|conteos)\/$/.test(ruta) || ruta === URLS.pagina_asistencia) cual = URLS.pagina_asistencia;
  else if (ruta === URLS.pendientes) cual = URLS.pendientes;
  var buscar = cual
    ? caches.open(CACHE_PAGINAS).then(function (cache) { return cache.match(cual); })
    : Promise.resolve(null);
  return buscar.then(function (guardada) {
    return guardada || caches.match(SIN_CONEXION, { cacheName: CACHE_ESTATICOS });
  }).then(function (r) {
    return r || new Response("Sin conexión.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

// El formulario en línea que se envió sin red: a la cola (cifrado) y a «pendientes».
function encolarPost(solicitud, ruta) {
  var copia = solicitud.clone();
  return fetch(solicitud).catch(function () {
    // La cola de otra cuenta (un teléfono compartido) no recibe nada de esta.
    return Promise.all([ConvivenciaAlmacen.dueno(), ConvivenciaAlmacen.meta("actual")]).then(function (v) {
      if (v[0] && v[0] !== v[1]) throw new Error("cola ajena");
      return copia.formData();
    }).then(function (datos) {
      var tipo = "caso";
      var actividad = /^\/actividades\/(\d+)\/asistencia\/$/.exec(ruta);
      if (actividad) { tipo = "asistencia"; datos.set("actividad", actividad[1]); }
      if (datos.has("agregar_parte") || datos.has("quitar_parte")) throw new Error("no es un envío");
      return ConvivenciaCola.desdeFormulario(datos).then(function (contenido) {
        var prefijo = tipo === "caso" ? "partes-0-" : "";
        contenido.resumen = [datos.get(prefijo + "nombres"), datos.get(prefijo + "apellidos")]
          .filter(Boolean).join(" ");
        return ConvivenciaCola.guardar(tipo, contenido);
      });
    }).then(function (token) {
      if (self.registration.sync) self.registration.sync.register("convivencia-enviar").catch(function () {});
      return Response.redirect(URLS.pendientes + "?guardado=" + encodeURIComponent(token), 303);
    }).catch(function () { return paginaSinRed(ruta); });
  });
}

self.addEventListener("fetch", function (evento) {
  var solicitud = evento.request;
  var url = new URL(solicitud.url);
  if (url.origin !== self.location.origin) return;
  if (solicitud.method === "GET" && rutasEstaticas.has(url.pathname)) {
    evento.respondWith(estatico(solicitud));
    return;
  }
  if (solicitud.mode !== "navigate") return;
  if (solicitud.method === "GET") {
    evento.respondWith(fetch(solicitud).catch(function () { return paginaSinRed(url.pathname); }));
  } else if (solicitud.method === "POST" &&
             (url.pathname === URLS.nuevo_caso || /^\/actividades\/\d+\/asistencia\/$/.test(url.pathname))) {
    evento.respondWith(encolarPost(solicitud, url.pathname));
  }
});

self.addEventListener("sync", function (evento) {
  if (evento.tag === "convivencia-enviar") {
    evento.waitUntil(ConvivenciaCola.enviar(null, "segundo_plano").then(function (r) {
      // Si no se pudo (sin red o sin sesión), el navegador lo intenta más tarde.
      if (r.sinRed || r.sinSesion) throw new Error("sin enviar");
    }));
  }
});
{% endautoescape %}