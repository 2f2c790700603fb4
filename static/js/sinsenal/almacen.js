// El almacén del teléfono para la captura sin señal (páginas y service worker).
//
// IndexedDB «convivencia-sin-senal»:
// - «llaves»: la llave AES-GCM de 256 bits, creada aquí con extractable = false (WebCrypto no la
//   deja exportar ni leer: solo cifrar y descifrar en este origen) y el dueño de la cola (un
//   resumen del usuario, no su nombre).
// - «cola»: un registro por envío, por su token; lo legible sin la llave es el tipo, el estado,
//   las fechas y los intentos. Lo escrito, el resumen y la respuesta del servidor van cifrados.
// - «meta»: el último contacto con el servidor y la versión de las páginas guardadas.
// borrarTodo() borra la base entera (cola, llave, meta) y las cachés del sitio: al salir, al entrar
// otra persona y tras los días sin sincronizar que dice el servidor.
(function (global) {
  "use strict";
  var BASE = "convivencia-sin-senal";
  var abierta = null;

  function pedido(req) {
    return new Promise(function (resolver, rechazar) {
      req.onsuccess = function () { resolver(req.result); };
      req.onerror = function () { rechazar(req.error); };
    });
  }

  function abrir() {
    if (abierta) return abierta;
    abierta = new Promise(function (resolver, rechazar) {
      var req = indexedDB.open(BASE, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore("llaves");
        db.createObjectStore("meta");
        var cola = db.createObjectStore("cola", { keyPath: "token" });
        cola.createIndex("creado", "creado");
      };
      req.onsuccess = function () {
        var db = req.result;
        // Si otra pestaña borra la base, esta conexión se cierra para no bloquearla.
        db.onversionchange = function () { db.close(); abierta = null; };
        resolver(db);
      };
      req.onerror = function () { abierta = null; rechazar(req.error); };
      req.onblocked = function () { abierta = null; rechazar(new Error("base bloqueada")); };
    });
    return abierta;
  }

  function tx(almacen, modo, hacer) {
    return abrir().then(function (db) {
      return new Promise(function (resolver, rechazar) {
        var t = db.transaction(almacen, modo);
        var resultado;
        Promise.resolve(hacer(t.objectStore(almacen))).then(function (r) { resultado = r; });
        t.oncomplete = function () { resolver(resultado); };
        t.onerror = function () { rechazar(t.error); };
        t.onabort = function () { rechazar(t.error); };
      });
    });
  }

  function leer(almacen, clave) {
    return tx(almacen, "readonly", function (s) { return pedido(s.get(clave)); });
  }

  function escribir(almacen, valor, clave) {
    return tx(almacen, "readwrite", function (s) {
      return pedido(clave === undefined ? s.put(valor) : s.put(valor, clave));
    });
  }

  function llave() {
    return leer("llaves", "aes").then(function (existente) {
      if (existente) return existente;
      return crypto.subtle
        .generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        .then(function (nueva) { return escribir("llaves", nueva, "aes").then(function () { return nueva; }); });
    });
  }

  var codificador = new TextEncoder();
  var decodificador = new TextDecoder();

  function cifrar(objeto) {
    return llave().then(function (k) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var claro = codificador.encode(JSON.stringify(objeto));
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k, claro).then(function (datos) {
        return { iv: iv, datos: datos };
      });
    });
  }

  function descifrar(sobre) {
    return llave().then(function (k) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: sobre.iv }, k, sobre.datos);
    }).then(function (claro) { return JSON.parse(decodificador.decode(claro)); });
  }

  function borrarTodo() {
    var base = abierta
      ? abierta.then(function (db) { db.close(); }, function () {})
      : Promise.resolve();
    abierta = null;
    return base
      .then(function () {
        return new Promise(function (resolver) {
          var req = indexedDB.deleteDatabase(BASE);
          req.onsuccess = req.onerror = req.onblocked = function () { resolver(); };
        });
      })
      .then(function () {
        if (!global.caches) return null;
        return caches.keys().then(function (nombres) {
          return Promise.all(nombres.map(function (n) { return caches.delete(n); }));
        });
      });
  }

  global.ConvivenciaAlmacen = {
    BASE: BASE,
    leer: leer,
    escribir: escribir,
    cifrar: cifrar,
    descifrar: descifrar,
    borrarTodo: borrarTodo,
    meta: function (clave) { return leer("meta", clave); },
    anotar: function (clave, valor) { return escribir("meta", valor, clave); },
    dueno: function () { return leer("llaves", "dueno"); },
    fijarDueno: function (resumen) { return escribir("llaves", resumen, "dueno"); },
    items: function () {
      return tx("cola", "readonly", function (s) { return pedido(s.index("creado").getAll()); });
    },
    item: function (token) { return leer("cola", token); },
    guardarItem: function (item) { return escribir("cola", item); },
    quitarItem: function (token) {
      return tx("cola", "readwrite", function (s) { return pedido(s.delete(token)); });
    },
  };
})(self);
