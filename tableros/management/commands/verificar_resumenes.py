from django.core.management.base import BaseCommand, CommandError

from tableros import diarios


class Command(BaseCommand):
    help = (
        "Compara las tablas de resumen de los tableros (conteos por día y reincidencia) con lo "
        "que dicen las tablas de base; falla si difieren (se arreglan con recalcular_resumenes)."
    )

    def handle(self, *args, **options):
        diferencias = diarios.verificar()
        for diferencia in diferencias[:50]:
            self.stderr.write(diferencia)
        if diferencias:
            raise CommandError(
                f"{len(diferencias)} diferencias entre los resúmenes y las tablas de base. "
                "Corra recalcular_resumenes."
            )
        self.stdout.write(self.style.SUCCESS("Los resúmenes coinciden con las tablas de base."))
