"""Captura sin señal en Chromium de Debian, en un teléfono de 360 px, con la red cortada de verdad
(`context.set_offline(True)`): tres casos y una lista de asistencia sin señal llegan una sola vez
con radicados seguidos; un envío devuelto vuelve con su mensaje y lo escrito; un envío cortado a
mitad de camino y repetido hace un solo caso; salir borra la cola, la llave y las cachés."""

import json
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from capacitaciones.models import Actividad, Asistencia, ConteoAsistencia, EstadoActividad
from casos.models import Caso
from municipios.models import Municipio
from tests.e2e.conftest import ingresar_en_navegador
from tests.e2e.test_accesibilidad import Revision
from tests.factories import ActividadFactory

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTA = "() => ConvivenciaAlmacen.items().then(i => i.length)"


def _actividad(tema="Taller de convivencia en el parque") -> Actividad:
    return ActividadFactory(
        municipio=Municipio.objects.get(nombre="Galapa"),
        tema=tema,
        inicio=timezone.now(),
        registrada_por=get_user_model().objects.get(username="gestor.galapa"),
    )


def _esperar(pagina, condicion, segundos=15):
    """Espera `condicion` dándole turno a Playwright: sus eventos y rutas corren en sus llamadas."""
    limite = time.monotonic() + segundos
    while not condicion():
        assert time.monotonic() < limite, "no pasó a tiempo"
        pagina.wait_for_timeout(200)


def _salir(pagina):
    """«Cerrar sesión» en el teléfono: el menú desplegado del todo (Bootstrap anima su altura) y
    el de la cuenta abierto antes de tocar el botón."""
    pagina.wait_for_function("() => window.bootstrap !== undefined")
    pagina.get_by_role("button", name="Abrir el menú").click()
    pagina.locator("#menu-principal.collapse.show").wait_for()
    pagina.locator(".navbar .dropdown-toggle").click()
    pagina.locator(".navbar .dropdown-menu.show").wait_for()
    pagina.get_by_role("button", name="Cerrar sesión").click()


def _lista_para_capturar(pagina, base):
    """Entra, abre el registro en línea y espera a que el teléfono tenga el service worker y las
    páginas de captura guardadas."""
    ingresar_en_navegador(pagina, base, "gestor.galapa")
    pagina.goto(base + "/casos/nuevo/")
    pagina.evaluate("() => ConvivenciaPagina.listo")
    pagina.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    _esperar(
        pagina,
        lambda: pagina.evaluate(
            "() => caches.open('convivencia-paginas').then(c => c.match('/sin-senal/caso/'))"
            ".then(r => !!r)"
        ),
    )


def _llenar_caso(pagina, nombre, apellido, documento, relato):
    pagina.get_by_label("Tipo de conflicto").select_option(
        label="Ruido y alteración de la tranquilidad"
    )
    pagina.get_by_label("Canal").select_option(label="Presencial")
    pagina.get_by_label("Fecha de los hechos").fill(timezone.localdate().isoformat())
    pagina.get_by_label("Relato de los hechos").fill(relato)
    parte = pagina.locator("#partes .parte").nth(0)
    parte.get_by_label("Rol en el caso").select_option(label="Solicitante")
    parte.get_by_label("Número de documento").fill(documento)
    parte.get_by_label("Nombres").fill(nombre)
    parte.get_by_label("Apellidos").fill(apellido)


def _guardar(pagina, boton):
    """Toca `boton` y espera la página que dice que quedó guardado (con el token nuevo)."""
    antes = pagina.url
    pagina.get_by_role("button", name=boton).click()
    pagina.wait_for_url(lambda url: url != antes and "guardado=" in url)
    pagina.locator("#captura-resultado").filter(has_text="Guardado cifrado").wait_for()


def _asistente(pagina, actividad, nombre, documento):
    pagina.locator("#actividad").select_option(str(actividad.pk))
    form = pagina.locator("#form-asistencia")
    form.get_by_label("Número de documento").fill(documento)
    form.get_by_label("Nombres").fill(nombre)
    form.get_by_label("Apellidos").fill("Pérez")
    _guardar(pagina, "Guardar y registrar otro")


def test_tres_casos_y_una_lista_sin_senal_llegan_una_vez(demo, live_server, telefono):
    actividad = _actividad()
    base = live_server.url
    _lista_para_capturar(telefono, base)
    contexto = telefono.context

    contexto.set_offline(True)
    # Sin red, «Registrar caso» abre la página guardada (la del service worker), no un error.
    telefono.goto(base + "/casos/nuevo/")
    telefono.get_by_role("heading", name="Registrar caso").wait_for()
    assert telefono.locator("#sin-red-aviso").is_visible()
    for i, (nombre, apellido) in enumerate(
        [("Yolanda", "Barrios"), ("Ernesto", "Cantillo"), ("Marta", "Villa")]
    ):
        _llenar_caso(telefono, nombre, apellido, f"104500011{i}", f"Ruido número {i + 1}.")
        _guardar(telefono, "Registrar el caso")

    telefono.goto(base + "/sin-senal/asistencia/")
    _asistente(telefono, actividad, "Luz", "22334455")
    _asistente(telefono, actividad, "Rosa", "22334466")
    # Y la multitud que no se registró una a una: los conteos.
    telefono.get_by_text("Conteo de la multitud").click()
    conteos = telefono.locator("#form-conteos")
    conteos.get_by_label("Mujer, 29 a 59 años").fill("12")
    conteos.get_by_label("Hombre, 29 a 59 años").fill("9")
    _guardar(telefono, "Guardar conteos")

    assert telefono.evaluate(LISTA) == 6
    assert telefono.locator("[data-pendientes]").inner_text() == "6 pendientes por enviar"
    # En el teléfono, lo escrito está cifrado: ni el nombre ni el documento se leen en la base.
    crudo = telefono.evaluate(
        """() => ConvivenciaAlmacen.items().then(items => items.map(i =>
             Array.from(new Uint8Array(i.sobre.datos)).map(b => String.fromCharCode(b)).join('')
           ).join('|'))"""
    )
    assert "Yolanda" not in crudo
    assert "1045000110" not in crudo
    assert Caso.objects.count() == 0

    # La lista de pendientes se lee sin red, con lo escrito.
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("Yolanda Barrios").wait_for()
    assert telefono.locator("#cola-lista > li").count() == 6

    # Vuelve la señal: el teléfono manda la cola solo (el evento «online»), sin tocar nada.
    contexto.set_offline(False)
    _esperar(telefono, lambda: telefono.evaluate(LISTA) == 0)

    anio = timezone.localdate().year
    radicados = list(Caso.objects.order_by("consecutivo").values_list("radicado", flat=True))
    assert radicados == [f"GAL-{anio}-00001", f"GAL-{anio}-00002", f"GAL-{anio}-00003"]
    relatos = list(Caso.objects.order_by("consecutivo").values_list("relato", flat=True))
    assert relatos == ["Ruido número 1.", "Ruido número 2.", "Ruido número 3."]
    assert Asistencia.objects.filter(actividad=actividad).count() == 2
    conteos = dict(
        ConteoAsistencia.objects.filter(actividad=actividad).values_list("sexo", "cantidad")
    )
    assert conteos == {"mujer": 12, "hombre": 9}
    # El teléfono muestra el radicado que le dio el servidor.
    telefono.locator("#enviados").get_by_text(f"Caso GAL-{anio}-00001 registrado.").wait_for()
    telefono.locator("[data-pendientes]").wait_for(state="hidden")

    # Otra vez «Enviar» no manda nada: cada envío llegó una vez.
    telefono.evaluate("() => ConvivenciaCola.enviar()")
    assert Caso.objects.count() == 3
    assert Asistencia.objects.count() == 2
    assert ConteoAsistencia.objects.count() == 2


def test_un_envio_devuelto_vuelve_con_su_mensaje_y_lo_escrito(demo, live_server, telefono):
    actividad = _actividad()
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/asistencia/")
    _asistente(telefono, actividad, "Dora", "33445566")
    # Mientras el gestor no tenía señal, la actividad se canceló.
    Actividad.objects.filter(pk=actividad.pk).update(
        estado=EstadoActividad.CANCELADA, motivo_cancelacion="Lluvia"
    )
    telefono.context.set_offline(False)
    # Al abrir con señal, el teléfono manda lo pendiente solo.
    telefono.goto(base + "/sin-senal/")
    tarjeta = telefono.locator("#cola-lista > li")
    tarjeta.get_by_text("La actividad fue cancelada: no admite asistentes.").wait_for()
    tarjeta.get_by_text("Devuelto por el servidor").wait_for()
    assert Asistencia.objects.count() == 0
    assert telefono.locator("[data-pendientes]").inner_text() == "1 devuelto por revisar"

    # «Revisar» abre el formulario con lo escrito y el aviso del servidor arriba, con el foco.
    tarjeta.get_by_role("link", name="Revisar", exact=True).click()
    form = telefono.locator("#form-asistencia")
    form.get_by_text("La actividad fue cancelada").first.wait_for()
    assert form.get_by_label("Nombres").input_value() == "Dora"
    assert form.get_by_label("Número de documento").input_value() == "33445566"


def test_un_envio_cortado_a_mitad_y_repetido_hace_un_solo_caso(demo, live_server, telefono):
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/caso/")
    _llenar_caso(telefono, "Ana", "Ruiz", "1045999888", "Perros sueltos.")
    _guardar(telefono, "Registrar el caso")

    # Vuelve la señal y el teléfono manda la cola (la página, y el service worker con Background
    # Sync): el servidor recibe cada intento y registra el caso, pero ninguna respuesta llega.
    cortes = []

    def cortar(ruta):
        ruta.fetch()
        cortes.append(ruta.request.url)
        ruta.abort("connectionreset")

    telefono.context.route("**/sin-senal/enviar/caso/", cortar)
    telefono.context.set_offline(False)
    _esperar(telefono, lambda: len(cortes) >= 1)
    resultado = telefono.evaluate("() => ConvivenciaCola.enviar()")
    assert [r["resultado"] for r in resultado["resultados"]] == ["sin_red"]
    assert Caso.objects.count() == 1
    assert telefono.evaluate(LISTA) == 1

    telefono.context.unroute("**/sin-senal/enviar/caso/")
    resultado = telefono.evaluate("() => ConvivenciaCola.enviar()")
    caso = Caso.objects.get()
    assert [(r["resultado"], r["radicado"]) for r in resultado["resultados"]] == [
        ("ya_recibido", caso.radicado)
    ]
    assert Caso.objects.count() == 1
    assert telefono.evaluate(LISTA) == 0


def test_salir_borra_la_cola_la_llave_y_las_caches(demo, live_server, telefono):
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/caso/")
    _llenar_caso(telefono, "Irene", "Mora", "1045777666", "Basuras en el lote.")
    _guardar(telefono, "Registrar el caso")
    # Vuelve la señal, pero el envío no alcanza a salir (el servidor no responde).
    telefono.context.route("**/sin-senal/enviar/**", lambda ruta: ruta.abort("timedout"))
    telefono.context.set_offline(False)
    telefono.goto(base + "/")
    assert telefono.evaluate(LISTA) == 1
    assert telefono.evaluate("() => caches.keys()") != []

    # Salir con un envío sin mandar: el teléfono pregunta antes de borrarlo.
    preguntas = []

    def aceptar(dialogo):
        preguntas.append(dialogo.message)
        dialogo.accept()

    telefono.once("dialog", aceptar)
    _salir(telefono)
    telefono.get_by_label("Nombre de usuario").wait_for()

    assert len(preguntas) == 1
    assert "Hay 1 envío en este teléfono que no ha llegado al servidor" in preguntas[0]
    bases = telefono.evaluate("() => indexedDB.databases().then(d => d.map(x => x.name))")
    assert "convivencia-sin-senal" not in bases
    assert telefono.evaluate("() => caches.keys()") == []
    # Y nada de lo escrito quedó en ninguna parte del origen que el navegador guarde.
    contenido = json.dumps(telefono.context.storage_state())
    assert "Irene" not in contenido
    assert not re.search(r"1045777666", contenido)
    assert Caso.objects.count() == 0


def test_siete_dias_sin_sincronizar_borran_lo_guardado(demo, live_server, telefono):
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/caso/")
    _llenar_caso(telefono, "Olga", "Díaz", "1045111222", "Humo de una quema.")
    _guardar(telefono, "Registrar el caso")
    # Ocho días sin hablar con el servidor (la última vez, anotada en el teléfono).
    telefono.evaluate(
        "() => ConvivenciaAlmacen.anotar('contacto', Date.now() - 8 * 24 * 60 * 60 * 1000)"
    )
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("más de 7 días sin hablar con el servidor").wait_for()
    assert telefono.evaluate(LISTA) == 0
    # Las páginas guardadas se fueron; el service worker puede volver a guardar estáticos (sin
    # datos de nadie) en cuanto la página los pide.
    cachés = telefono.evaluate("() => caches.keys()")
    assert all(nombre.startswith("convivencia-estaticos-") for nombre in cachés), cachés


def test_sin_sesion_vista_la_cola_no_se_lee(demo, live_server, telefono):
    """Quien encuentra el teléfono, pone el modo avión y abre el sitio no lee la cola: sin una
    sesión vista en el servidor en los últimos 30 minutos, se puede capturar pero no mostrar."""
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/caso/")
    _llenar_caso(telefono, "Paula", "Reyes", "1045888999", "Agresión verbal en la tienda.")
    _guardar(telefono, "Registrar el caso")
    token = telefono.evaluate("() => ConvivenciaAlmacen.items().then(i => i[0].token)")
    telefono.evaluate("() => ConvivenciaAlmacen.anotar('sesion', Date.now() - 31 * 60 * 1000)")
    telefono.context.clear_cookies()

    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("solo se muestra con una sesión abierta").wait_for()
    assert "Paula" not in telefono.content()
    telefono.goto(base + f"/sin-senal/caso/?item={token}")
    telefono.get_by_text("ingrese con señal para revisarlo").wait_for()
    assert telefono.locator("#partes .parte").nth(0).get_by_label("Nombres").input_value() == ""
    assert telefono.get_by_label("Relato de los hechos").input_value() == ""


def test_otra_persona_en_el_mismo_telefono_no_ve_ni_envia_la_cola(demo, live_server, telefono):
    """Teléfono compartido: la cola de un gestor cuya sesión venció no se le muestra ni se envía
    a nombre de otra cuenta que entra en el mismo navegador; tampoco se pierde: su dueño la envía
    al volver a entrar."""
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.context.set_offline(True)
    telefono.goto(base + "/sin-senal/caso/")
    _llenar_caso(telefono, "Nidia", "Ortiz", "1045333444", "Un muro que se cae.")
    _guardar(telefono, "Registrar el caso")
    # La sesión se acaba sin salir (vencida) y entra otra persona en el mismo navegador.
    telefono.context.clear_cookies()
    telefono.context.set_offline(False)
    ingresar_en_navegador(telefono, base, "gestor.puerto")
    telefono.wait_for_function("() => !!window.ConvivenciaPagina")
    telefono.evaluate("() => ConvivenciaPagina.listo")
    telefono.get_by_text("1 envío sin mandar de otra cuenta").wait_for()
    # Sin red, las páginas guardadas del dueño ya no están: ni su lista ni su formulario.
    telefono.context.set_offline(True)
    for ruta in ("/sin-senal/", "/sin-senal/caso/", "/casos/nuevo/"):
        telefono.goto(base + ruta)
        telefono.get_by_role("heading", name="Sin conexión").wait_for()
        assert "Nidia" not in telefono.content()
    telefono.context.set_offline(False)
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("1 envío de otra cuenta en este teléfono").wait_for()
    assert telefono.locator("#enviados").is_hidden()
    assert "Nidia" not in telefono.content()
    assert telefono.locator("[data-pendientes]").is_hidden()
    assert Caso.objects.count() == 0

    # Sale (sin borrar lo ajeno) y vuelve el dueño: la cola sale a su nombre.
    telefono.goto(base + "/")
    _salir(telefono)
    telefono.get_by_label("Nombre de usuario").wait_for()
    ingresar_en_navegador(telefono, base, "gestor.galapa")
    _esperar(telefono, lambda: Caso.objects.count() == 1)
    assert Caso.objects.get().registrado_por.username == "gestor.galapa"


def test_las_pantallas_sin_senal_son_accesibles_en_360_px(demo, live_server, telefono):
    """axe-core sin faltas graves, objetivos de 44 px y nada más ancho que la pantalla: las
    páginas guardadas, sin red, con un envío en la cola y con uno devuelto abierto para revisar."""
    actividad = _actividad()
    base = live_server.url
    _lista_para_capturar(telefono, base)
    revision = Revision("gestor sin señal")
    telefono.context.set_offline(True)
    for ruta in ("/sin-senal/caso/", "/sin-senal/asistencia/", "/sin-senal/sin-conexion/"):
        telefono.goto(base + ruta)
        revision.revisar(telefono, ruta)
    telefono.goto(base + "/sin-senal/asistencia/")
    _asistente(telefono, actividad, "Carmen", "44556677")
    revision.revisar(telefono, "/sin-senal/asistencia/?guardado")
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("Carmen Pérez").wait_for()
    revision.revisar(telefono, "/sin-senal/ (con un envío)")

    Actividad.objects.filter(pk=actividad.pk).update(
        estado=EstadoActividad.CANCELADA, motivo_cancelacion="Lluvia"
    )
    telefono.context.set_offline(False)
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("Devuelto por el servidor").wait_for()
    revision.revisar(telefono, "/sin-senal/ (devuelto)")
    telefono.get_by_role("link", name="Revisar", exact=True).click()
    telefono.locator("#form-asistencia .resumen-errores").wait_for()
    revision.revisar(telefono, "/sin-senal/asistencia/?item")
    assert revision.graves == [], revision.informe()
    assert revision.pequenos == [], revision.informe()
    assert revision.anchas == [], revision.informe()


def test_si_la_senal_se_va_al_registrar_en_linea_el_caso_queda_en_la_cola(
    demo, live_server, telefono
):
    """El formulario en línea, enviado justo cuando se cae la conexión: el service worker guarda
    lo escrito (cifrado) en vez de mostrar un error, y al volver la señal llega una vez."""
    base = live_server.url
    _lista_para_capturar(telefono, base)
    _llenar_caso(telefono, "Rubén", "Salas", "1045666555", "Pelea por un lindero.")
    # La red se cae: ni el formulario ni los envíos de la cola llegan.
    for ruta in ("**/casos/nuevo/", "**/sin-senal/enviar/**"):
        telefono.context.route(ruta, lambda r: r.abort("internetdisconnected"))
    telefono.get_by_role("button", name="Registrar el caso").click()
    telefono.wait_for_url("**/sin-senal/?guardado=*")
    telefono.get_by_text("Rubén Salas").wait_for()
    assert telefono.evaluate(LISTA) == 1
    # El service worker pidió Background Sync y el navegador ya lo intentó por su cuenta.
    _esperar(
        telefono,
        lambda: telefono.evaluate("() => ConvivenciaAlmacen.meta('intento-segundo_plano')"),
    )

    telefono.context.unroute("**/casos/nuevo/")
    telefono.context.unroute("**/sin-senal/enviar/**")
    telefono.get_by_role("button", name="Enviar ahora").click()
    _esperar(telefono, lambda: telefono.evaluate(LISTA) == 0)
    caso = Caso.objects.get()
    assert caso.partes.get().persona.nombres == "Rubén"
    telefono.locator("#enviados").get_by_text(f"Caso {caso.radicado} registrado.").wait_for()


def test_atras_despues_de_guardar_no_trae_el_formulario_lleno(demo, live_server, telefono):
    """Guardar reemplaza la página en el historial: «Atrás» no devuelve lo escrito para
    guardarlo otra vez (con otro token sería otro caso)."""
    base = live_server.url
    _lista_para_capturar(telefono, base)
    telefono.goto(base + "/")
    telefono.context.set_offline(True)
    telefono.goto(base + "/casos/nuevo/")
    _llenar_caso(telefono, "Tomás", "Lara", "1045222333", "Ruido de un taller.")
    _guardar(telefono, "Registrar el caso")
    telefono.go_back()
    telefono.wait_for_load_state()
    assert "/casos/nuevo/" not in telefono.url
    assert "Tomás" not in telefono.content()
    telefono.goto(base + "/sin-senal/")
    telefono.get_by_text("Tomás Lara").wait_for()
    assert telefono.evaluate(LISTA) == 1
