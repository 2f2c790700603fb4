// La cola de envíos del teléfono (páginas y service worker). Requiere almacen.js.
//
// Un envío es lo escrito en un formulario de captura (caso, asistente, conteos) con su token: el
// servidor lo registra una sola vez aunque llegue dos (la respuesta se perdió, la señal se cortó a
// mitad de camino). Estados: «pendiente» (espera señal), «devuelto» (el servidor no lo aceptó:
// lleva su mensaje y lo escrito intacto, hasta que el gestor lo revise o lo descarte). Lo que el
// servidor acepta sale de la cola; queda solo su radicado (sin datos de nadie) en «enviados».
(function (global) {
  "use strict";
  var A = global.ConvivenciaAlmacen;
  var urls = {};
  var canal = global.BroadcastChannel ? new BroadcastChannel("convivencia-cola") : null;

  function avisar(detalle) {
    if (canal) canal.postMessage(detalle || { tipo: "cambio" });
  }

  function aBase64(buffer) {
    var bytes = new Uint8Array(buffer), partes = [], PASO = 0x8000;
    for (var i = 0; i < bytes.length; i += PASO) {
      partes.push(String.fromCharCode.apply(null, bytes.subarray(i, i + PASO)));
    }
    return btoa(partes.join(""));
  }

  function deBase64(texto) {
    var crudo = atob(texto), bytes = new Uint8Array(crudo.length);
    for (var i = 0; i < crudo.length; i++) bytes[i] = crudo.charCodeAt(i);
    return bytes;
  }

  // Lo de un FormData, sin la ficha CSRF (la del envío se pide al enviar): texto y archivos.
  function desdeFormulario(datos) {
    var campos = [], archivos = [], lecturas = [];
    datos.forEach(function (valor, nombre) {
      if (nombre === "csrfmiddlewaretoken") return;
      if (typeof valor === "string") { campos.push([nombre, valor]); return; }
      if (!valor || !valor.size) return;
      lecturas.push(valor.arrayBuffer().then(function (b) {
        archivos.push([nombre, valor.name || "archivo", valor.type || "", aBase64(b)]);
      }));
    });
    return Promise.all(lecturas).then(function () { return { campos: campos, archivos: archivos }; });
  }

  function valor(contenido, nombre) {
    for (var i = 0; i < contenido.campos.length; i++) {
      if (contenido.campos[i][0] === nombre) return contenido.campos[i][1];
    }
    return "";
  }

  // Guarda (o reemplaza, con el mismo token) un envío. `contenido`: {campos, archivos, resumen}.
  function guardar(tipo, contenido) {
    var token = valor(contenido, "token");
    if (!token) return Promise.reject(new Error("envío sin token"));
    contenido.devolucion = null;
    return A.item(token).then(function (anterior) {
      return A.cifrar(contenido).then(function (sobre) {
        var ahora = Date.now();
        return A.guardarItem({
          token: token,
          tipo: tipo,
          estado: "pendiente",
          creado: anterior ? anterior.creado : ahora,
          actualizado: ahora,
          intentos: 0,
          fallos: 0,
          sobre: sobre,
        });
      });
    }).then(function () { avisar(); return token; });
  }

  function abrirItem(item) {
    return A.descifrar(item.sobre).then(function (contenido) {
      return { token: item.token, tipo: item.tipo, estado: item.estado, creado: item.creado,
               intentos: item.intentos, contenido: contenido };
    });
  }

  function listar() {
    return A.items().then(function (items) { return Promise.all(items.map(abrirItem)); });
  }

  function descartar(token) {
    return A.quitarItem(token).then(function () { avisar(); });
  }

  function contar() {
    return A.items().then(function (items) {
      var devueltos = items.filter(function (i) { return i.estado === "devuelto"; }).length;
      return { total: items.length, devueltos: devueltos, pendientes: items.length - devueltos };
    });
  }

  // Quien es la sesión ahora, la versión del catálogo y la ficha CSRF. null: sin sesión.
  function estado() {
    return fetch(urls.estado, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
      cache: "no-store",
    }).then(function (r) {
      if (r.type === "opaqueredirect" || r.status === 302 || r.status === 0) return null;
      if (!r.ok) throw new Error("estado " + r.status);
      return r.json();
    }).then(function (datos) {
      if (!datos) return datos;
      // El contacto y la sesión vista cuentan solo para el dueño de la cola: otra cuenta en el
      // mismo teléfono no alarga la vida de lo ajeno ni lo deja leer.
      return A.dueno().then(function (dueno) {
        if (dueno && dueno !== datos.usuario) return datos;
        var ahora = Date.now();
        return A.anotar("contacto", ahora)
          .then(function () { return A.anotar("sesion", ahora); })
          .then(function () { return datos; });
      });
    });
  }

  function formulario(contenido) {
    var datos = new FormData();
    contenido.campos.forEach(function (c) { datos.append(c[0], c[1]); });
    contenido.archivos.forEach(function (a) {
      datos.append(a[0], new Blob([deBase64(a[3])], { type: a[2] }), a[1]);
    });
    return datos;
  }

  function anotarEnviado(item, respuesta) {
    return A.meta("enviados").then(function (lista) {
      lista = (lista || []).filter(function (e) { return e.token !== item.token; });
      // Solo el radicado y el mensaje del servidor (sin nombres): lo que el teléfono muestra.
      lista.unshift({
        token: item.token, tipo: item.tipo, fecha: Date.now(), mensaje: respuesta.mensaje || "",
        radicado: respuesta.radicado || "", url: respuesta.url || respuesta.actividad || "",
      });
      return A.anotar("enviados", lista.slice(0, 20));
    });
  }

  function devolver(item, contenido, respuesta) {
    contenido.devolucion = {
      mensaje: respuesta.mensaje || "",
      errores: respuesta.errores || {},
      generales: respuesta.generales || [],
    };
    return A.cifrar(contenido).then(function (sobre) {
      item.sobre = sobre;
      item.estado = "devuelto";
      item.actualizado = Date.now();
      return A.guardarItem(item);
    });
  }

  // El servidor respondió con un error que no es un aviso (500, 413 de un proxy…): el envío no
  // detiene a los demás; a la tercera vez vuelve al gestor con un aviso, para que no espere
  // para siempre algo que nunca va a pasar.
  var FALLOS_ANTES_DE_DEVOLVER = 3;
  function fallo(item, contenido, estadoHttp) {
    // Solo las respuestas de error cuentan aquí (no las veces que no hubo red).
    item.fallos = (item.fallos || 0) + 1;
    if (item.fallos < FALLOS_ANTES_DE_DEVOLVER) {
      return A.guardarItem(item).then(function () { return { resultado: "fallo", estado: estadoHttp }; });
    }
    var mensaje = (urls.mensaje_fallo || "Error %(n)s").replace("%(n)s", estadoHttp);
    var respuesta = { resultado: "devuelto", mensaje: mensaje, generales: [mensaje], errores: {} };
    return devolver(item, contenido, respuesta).then(function () { return respuesta; });
  }

  // Manda un envío. Devuelve {resultado: creado|ya_recibido|devuelto|sin_sesion|sin_red, ...}.
  function mandar(item, ficha) {
    return A.descifrar(item.sobre).then(function (contenido) {
      return fetch(urls[item.tipo], {
        method: "POST",
        body: formulario(contenido),
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": ficha, Accept: "application/json" },
      }).then(function (r) {
        if (r.type === "opaqueredirect" || r.status === 302) return { resultado: "sin_sesion" };
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json && r.status === 403) return { resultado: "csrf", estado: r.status };
        if (!json || r.status >= 500) return fallo(item, contenido, r.status);
        return r.json().then(function (respuesta) {
          if (r.status === 200 || r.status === 201) {
            return A.quitarItem(item.token)
              .then(function () { return anotarEnviado(item, respuesta); })
              .then(function () { return respuesta; });
          }
          return devolver(item, contenido, respuesta).then(function () { return respuesta; });
        });
      }, function () {
        item.intentos = (item.intentos || 0) + 1;
        return A.guardarItem(item).then(function () { return { resultado: "sin_red" }; });
      });
    });
  }

  function conCandado(hacer) {
    if (global.navigator && navigator.locks) {
      return navigator.locks.request("convivencia-cola", hacer);
    }
    return hacer();
  }

  // Manda los pendientes (o solo `token`), uno tras otro, en el orden en que se capturaron.
  // `origen`: quién lo intenta («pagina», o «segundo_plano» desde el service worker); el último
  // intento de cada uno queda anotado (lo muestra «Pendientes por enviar»).
  function enviar(token, origen, excluir) {
    return conCandado(function () {
      return A.anotar("intento-" + (origen || "pagina"), Date.now()).then(estado).then(function (sesion) {
        if (!sesion) return { sinSesion: true, resultados: [] };
        return A.dueno().then(function (dueno) {
          if (dueno && dueno !== sesion.usuario) return { otroUsuario: true, resultados: [] };
          return A.items().then(function (items) {
            var resultados = [];
            var porMandar = items.filter(function (i) {
              return token ? i.token === token : i.estado === "pendiente" && i.token !== excluir;
            });
            var ficha = sesion.csrf;
            return porMandar.reduce(function (cadena, item) {
              return cadena.then(function (corte) {
                if (corte) return corte;
                return mandar(item, ficha).then(function (r) {
                  if (r.resultado !== "csrf") return r;
                  // La ficha cambió (otro ingreso): una nueva y otra vez.
                  return estado().then(function (s) {
                    if (!s) return { resultado: "sin_sesion" };
                    ficha = s.csrf;
                    return mandar(item, ficha);
                  });
                }).then(function (r) {
                  r.token = item.token;
                  r.tipo = item.tipo;
                  resultados.push(r);
                  // Sin red o sin sesión, los demás esperan también.
                  return r.resultado === "sin_red" || r.resultado === "sin_sesion" ? r : null;
                });
              });
            }, Promise.resolve(null)).then(function (corte) {
              avisar({ tipo: "enviado", resultados: resultados });
              return { resultados: resultados, sinSesion: corte && corte.resultado === "sin_sesion" };
            });
          });
        });
      }, function () {
        return { sinRed: true, resultados: [] };
      });
    });
  }

  global.ConvivenciaCola = {
    configurar: function (u) { urls = u; },
    desdeFormulario: desdeFormulario,
    guardar: guardar,
    listar: listar,
    descartar: descartar,
    contar: contar,
    enviar: enviar,
    estado: estado,
    valor: valor,
    abrirItem: abrirItem,
  };
})(self);
