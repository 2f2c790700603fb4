"""Dibuja los íconos PNG de la aplicación instalable (manifiesto) a partir del mismo dibujo que
static/img/favicon.svg: dos personas blancas sobre el azul de la barra.

Uso: scripts/uv run --frozen python scripts/iconos_app.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

AZUL = "#0b3d6b"
DESTINO = Path(__file__).resolve().parent.parent / "static" / "img"


def dibujar(lado: int, *, enmascarable: bool) -> Image.Image:
    imagen = Image.new("RGBA", (lado, lado), (0, 0, 0, 0))
    d = ImageDraw.Draw(imagen)
    if enmascarable:
        # Fondo a sangre y el dibujo dentro de la zona segura (el 80 % del centro).
        d.rectangle([0, 0, lado, lado], fill=AZUL)
        escala, margen = lado * 0.8 / 32, lado * 0.1
    else:
        d.rounded_rectangle([0, 0, lado - 1, lado - 1], radius=lado * 6 / 32, fill=AZUL)
        escala, margen = lado / 32, 0

    def p(x, y):
        return margen + x * escala, margen + y * escala

    for cx in (11, 21):
        d.ellipse([*p(cx - 4, 8), *p(cx + 4, 16)], fill="white")
        # El cuerpo: media elipse de 14 de ancho, de y = 18 a y = 26.
        d.pieslice([*p(cx - 7, 18), *p(cx + 7, 34)], 180, 360, fill="white")
    return imagen


def main():
    dibujar(192, enmascarable=False).save(DESTINO / "icono-192.png", optimize=True)
    dibujar(512, enmascarable=False).save(DESTINO / "icono-512.png", optimize=True)
    dibujar(512, enmascarable=True).save(DESTINO / "icono-enmascarable-512.png", optimize=True)


if __name__ == "__main__":
    main()
