// «Pendientes por enviar»: la cola de este teléfono (descifrada aquí, nunca en el servidor), con
// Revisar y Descartar por envío, «Enviar ahora» y los radicados de lo ya enviado.
(function () {
  "use strict";
  var C = window.ConvivenciaCola;
  var A = window.ConvivenciaAlmacen;
  var zona = document.getElementById("cola");
  if (!zona || !C) return;
  var lista = document.getElementById("cola-lista");
  var cargando = document.getElementById("cola-cargando");
  var boton = document.getElementById("enviar-ahora");
  var enviados = document.getElementById("enviados");
  var d = zona.dataset;
  var fecha = new Intl.DateTimeFormat("es-CO", { dateStyle: "medium", timeStyle: "short" });

  function elemento(etiqueta, clase, texto) {
    var el = document.createElement(etiqueta);
    if (clase) el.className = clase;
    if (texto) el.textContent = texto;
    return el;
  }

  function tarjeta(item) {
    var li = elemento("li", "card mb-2");
    var cuerpo = elemento("div", "card-body");
    var tipo = { caso: d.tipoCaso, asistencia: d.tipoAsistencia, conteos: d.tipoConteos }[item.tipo];
    var titulo = elemento("p", "fw-semibold mb-1 text-break", tipo + (item.contenido.resumen ? " · " + item.contenido.resumen : ""));
    cuerpo.appendChild(titulo);
    cuerpo.appendChild(elemento("p", "small text-body-secondary mb-1", d.capturado.replace("%(fecha)s", fecha.format(new Date(item.creado)))));
    var devuelto = item.estado === "devuelto";
    cuerpo.appendChild(elemento("span", "badge " + (devuelto ? "text-bg-warning" : "text-bg-secondary"), devuelto ? d.devuelto : d.pendiente));
    if (devuelto && item.contenido.devolucion) {
      var dev = item.contenido.devolucion;
      var mensajes = [dev.mensaje].concat(dev.generales || []).filter(function (m, i, t) { return m && t.indexOf(m) === i; });
      Object.keys(dev.errores || {}).forEach(function (k) { mensajes = mensajes.concat(dev.errores[k]); });
      var ul = elemento("ul", "small mt-2 mb-0 text-break");
      mensajes.forEach(function (m) { ul.appendChild(elemento("li", "", m)); });
      cuerpo.appendChild(ul);
    }
    var acciones = elemento("div", "d-flex flex-wrap gap-2 mt-2");
    var revisar = elemento("a", "btn btn-outline-primary tap-target", d.revisar);
    var pagina = item.tipo === "caso" ? d.caso : d.asistencia;
    revisar.href = pagina + "?item=" + encodeURIComponent(item.token);
    acciones.appendChild(revisar);
    var descartar = elemento("button", "btn btn-outline-danger tap-target", d.descartar);
    descartar.type = "button";
    descartar.addEventListener("click", function () {
      if (!window.confirm(d.confirmar)) return;
      C.descartar(item.token).then(pintar);
    });
    acciones.appendChild(descartar);
    cuerpo.appendChild(acciones);
    li.appendChild(cuerpo);
    return li;
  }

  function pintarEnviados() {
    return A.meta("enviados").then(function (lista) {
      enviados.textContent = "";
      (lista || []).forEach(function (e) {
        var li = elemento("li", "list-group-item small text-break");
        if (e.url) {
          var a = elemento("a", "", e.mensaje);
          a.href = e.url;
          li.appendChild(a);
        } else {
          li.textContent = e.mensaje;
        }
        li.appendChild(elemento("span", "text-body-secondary", " · " + fecha.format(new Date(e.fecha))));
        enviados.appendChild(li);
      });
      if (!enviados.children.length) enviados.appendChild(elemento("li", "list-group-item small text-body-secondary", enviados.dataset.vacia));
    });
  }

  function pintarIntento() {
    var zona = document.getElementById("ultimo-intento");
    return Promise.all([A.meta("intento-pagina"), A.meta("intento-segundo_plano")]).then(function (v) {
      var ultimo = Math.max(v[0] || 0, v[1] || 0);
      zona.hidden = !ultimo;
      if (ultimo) zona.textContent = zona.dataset.texto.replace("%(fecha)s", fecha.format(new Date(ultimo)));
    });
  }

  var P = window.ConvivenciaPagina;

  // Sin sesión vista (o con la cola de otra cuenta): cuántos, nunca qué; tampoco lo enviado.
  function pintarBloqueada() {
    return C.contar().then(function (cuenta) {
      cargando.hidden = true;
      lista.textContent = "";
      boton.hidden = true;
      enviados.textContent = "";
      enviados.hidden = true;
      document.getElementById("titulo-enviados").hidden = true;
      var texto = d.vacia;
      if (cuenta.total && P.estado.ajena) texto = P.plural(d.ajenaUno, d.ajena, cuenta.total);
      else if (cuenta.total) texto = P.plural(d.bloqueadaUno, d.bloqueada, cuenta.total);
      lista.appendChild(elemento("li", cuenta.total ? "alert alert-warning" : "text-body-secondary", texto));
    });
  }

  function pintar() {
    pintarIntento();
    if (P && (P.estado.bloqueada || P.estado.ajena)) return pintarBloqueada();
    return C.listar().then(function (items) {
      cargando.hidden = true;
      lista.textContent = "";
      items.forEach(function (item) { lista.appendChild(tarjeta(item)); });
      if (!items.length) lista.appendChild(elemento("li", "text-body-secondary", d.vacia));
      enviados.hidden = false;
      document.getElementById("titulo-enviados").hidden = false;
      boton.hidden = !items.some(function (i) { return i.estado === "pendiente"; });
      return pintarEnviados();
    }).catch(function () {
      cargando.hidden = false;
    });
  }

  boton.addEventListener("click", function () {
    boton.disabled = true;
    C.enviar().then(function (r) {
      boton.disabled = false;
      if (r.sinSesion && P) P.decir(d.sinSesion, "warning");
      return pintar();
    }, function () { boton.disabled = false; });
  });
  document.addEventListener("convivencia:cola", pintar);
  (P ? P.listo.catch(function () {}) : Promise.resolve()).then(pintar);
})();
