"""Bootstrap Icons, solo los íconos que usa Convivencia (lo corre scripts/vendor.sh: `make vendor`).

Busca las clases `bi-…` en las plantillas, el JavaScript propio y el código de las aplicaciones
(no en las pruebas), comprueba que cada una exista en el CSS completo de bootstrap-icons y escribe
en static/vendor/bootstrap-icons/ un CSS minificado con solo esas reglas y una fuente woff2 con
solo esos glifos (sin la copia .woff: todos los navegadores que el sitio admite leen woff2). La
salida es determinista: las mismas entradas dan los mismos bytes.

Un ícono cuyo nombre se arma al vuelo (`bi-{{ x }}`) no se puede encontrar: escriba la clase
entera donde se elige (`icono="bi-inbox"`). Las pruebas (tests/convivencia/test_sin_cdn.py)
importan `iconos_usados` y `codigos_del_css` de aquí.

Uso: scripts/uv run --frozen python scripts/iconos.py
"""

import hashlib
import io
import json
import logging
import re
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
ORIGEN = RAIZ / "vendor" / "node_modules" / "bootstrap-icons"
DESTINO = RAIZ / "static" / "vendor" / "bootstrap-icons"
CSS = "bootstrap-icons.min.css"
WOFF2 = "fonts/bootstrap-icons.woff2"

CLASE = re.compile(r"\bbi-[a-z0-9]+(?:-[a-z0-9]+)*")
# «bi-» seguido de una variable de plantilla, de JavaScript o de Python, o de una concatenación.
AL_VUELO = re.compile(r"""\bbi-(?:\{|\$\{|["'`]\s*\+)""")
# Una regla por ícono en el CSS minificado de bootstrap-icons: .bi-x::before{content:"\f101"}
REGLA = re.compile(r'\.(bi-[a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')


def archivos_con_iconos(raiz=RAIZ):
    """Plantillas, JavaScript propio y código de las aplicaciones (los paquetes, sin tests)."""
    archivos = [*raiz.glob("templates/**/*.html"), *raiz.glob("*/templates/**/*.html")]
    archivos += raiz.glob("static/js/*.js")
    for paquete in sorted(raiz.iterdir()):
        if (paquete / "__init__.py").is_file() and paquete.name != "tests":
            archivos += paquete.glob("**/*.py")
    return sorted(set(archivos))


def iconos_usados(raiz=RAIZ):
    """{clase: [archivos donde aparece]} y los «bi-» armados al vuelo (lista de archivo:línea)."""
    usados, al_vuelo = {}, []
    for archivo in archivos_con_iconos(raiz):
        texto = archivo.read_text(encoding="utf-8")
        nombre = str(archivo.relative_to(raiz))
        for clase in CLASE.findall(texto):
            usados.setdefault(clase, [])
            if nombre not in usados[clase]:
                usados[clase].append(nombre)
        for hallazgo in AL_VUELO.finditer(texto):
            al_vuelo.append(f"{nombre}:{texto.count(chr(10), 0, hallazgo.start()) + 1}")
    return dict(sorted(usados.items())), al_vuelo


def codigos_del_css(css):
    """{clase: punto de código} de cada regla de ícono de un CSS minificado de bootstrap-icons."""
    return {clase: int(codigo, 16) for clase, codigo in REGLA.findall(css)}


def hoja_de_estilo(css_completo, usados, version, sello):
    """El CSS minificado con el @font-face (solo woff2), la regla base y una regla por ícono."""
    cabecera = re.match(r"/\*!.*?\*/", css_completo, re.DOTALL).group()
    cabecera = cabecera[: -len(" */")] + (
        f" * Subconjunto de {len(usados)} íconos generado por scripts/iconos.py desde "
        f"bootstrap-icons {version}\n"
        " * (licencia MIT, ver LICENSE). No lo edite a mano: corra `make vendor`.\n */"
    )
    fuente = re.search(r"@font-face\{[^}]*\}", css_completo).group()
    fuente, cambios = re.subn(r"src:[^;}]*", f'src:url("{WOFF2}?{sello}") format("woff2")', fuente)
    base = re.search(r"\.bi::before,[^{]*\{[^}]*\}", css_completo)
    if cambios != 1 or "font-display:block" not in fuente or not base:
        sys.exit("El CSS de bootstrap-icons cambió de forma: revise scripts/iconos.py.")
    codigos = codigos_del_css(css_completo)
    reglas = "".join(f'.{c}::before{{content:"\\{codigos[c]:x}"}}' for c in sorted(usados))
    return f"{cabecera}{fuente}{base.group()}{reglas}\n"


def fuente_recortada(woff2, codigos):
    """La woff2 con solo los glifos de esos puntos de código (sin fecha nueva: mismos bytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # La tabla post de la fuente original trae 2 bytes de sobra; fontTools lo avisa y sigue.
    logging.getLogger("fontTools.ttLib.tables._p_o_s_t").setLevel(logging.ERROR)
    opciones = subset.Options()
    opciones.flavor = "woff2"
    fuente = TTFont(io.BytesIO(woff2), recalcBBoxes=False, recalcTimestamp=False)
    recortador = subset.Subsetter(opciones)
    recortador.populate(unicodes=sorted(codigos))
    recortador.subset(fuente)
    salida = io.BytesIO()
    fuente.save(salida)
    return salida.getvalue()


def main():
    if not ORIGEN.is_dir():
        sys.exit(f"Falta {ORIGEN.relative_to(RAIZ)}: corra `make vendor` (hace npm ci).")
    usados, al_vuelo = iconos_usados()
    css_completo = (ORIGEN / "font" / CSS).read_text(encoding="utf-8")
    codigos = codigos_del_css(css_completo)
    errores = [
        f"{clase} (en {', '.join(archivos)}) no es un ícono de bootstrap-icons"
        for clase, archivos in usados.items()
        if clase not in codigos
    ]
    errores += [
        f"{lugar}: nombre de ícono armado al vuelo; escriba la clase entera" for lugar in al_vuelo
    ]
    if errores:
        sys.exit("\n".join(errores))

    version = json.loads((ORIGEN / "package.json").read_text(encoding="utf-8"))["version"]
    woff2 = fuente_recortada((ORIGEN / "font" / WOFF2).read_bytes(), {codigos[c] for c in usados})
    sello = hashlib.sha256(woff2).hexdigest()[:32]
    (DESTINO / "fonts").mkdir(parents=True, exist_ok=True)
    (DESTINO / "fonts" / "bootstrap-icons.woff").unlink(missing_ok=True)
    (DESTINO / WOFF2).write_bytes(woff2)
    (DESTINO / CSS).write_text(
        hoja_de_estilo(css_completo, usados, version, sello), encoding="utf-8", newline="\n"
    )
    (DESTINO / "VERSION").write_text(
        f"bootstrap-icons {version} (MIT) — subconjunto de {len(usados)} íconos: "
        "scripts/iconos.py\n",
        encoding="utf-8",
    )
    print(f"bootstrap-icons: {len(usados)} íconos, {CSS} y {WOFF2} ({len(woff2)} bytes)")


if __name__ == "__main__":
    main()
