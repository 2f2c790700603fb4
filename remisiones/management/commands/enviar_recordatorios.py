from django.core.management.base import BaseCommand

from remisiones.models import EstadoNotificacion, Notificacion
from remisiones.recordatorios import enviar_recordatorios


class Command(BaseCommand):
    help = (
        "Envía los recordatorios del día (para cron): remisiones por vencer a los enlaces, casos "
        "con alertas a los gestores y el resumen semanal a los coordinadores. Correrlo dos veces "
        "el mismo día no envía nada nuevo."
    )

    def handle(self, *args, **options):
        enviados = enviar_recordatorios()
        for notificacion in enviados:
            notificacion = Notificacion.objects.get(pk=notificacion.pk)
            estado = " [FALLÓ]" if notificacion.estado == EstadoNotificacion.FALLIDA else ""
            self.stdout.write(f"{notificacion.para}: {notificacion.asunto}{estado}")
        self.stdout.write(self.style.SUCCESS(f"Recordatorios enviados: {len(enviados)}."))
