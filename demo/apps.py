from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Los datos de demostración (`cargar_demo`), la siembra a escala (`sembrar_escala`) y las
    mediciones (`bench`, `bench_exportes`). Encima de todas las apps: nadie importa de aquí."""

    name = "demo"
    verbose_name = "Demostración y mediciones"
