"""Rehace el seudónimo del documento de cada persona (tras cambiar `SEUDONIMO_CLAVE`)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from casos.models import Persona, clave_de_documento

LOTE = 5_000


class Command(BaseCommand):
    help = "Recalcula Persona.clave_documento con la SEUDONIMO_CLAVE actual (por lotes)."

    def handle(self, *args, **opciones):
        cambiadas, ultimo = 0, 0
        while True:
            lote = list(
                Persona.objects.filter(pk__gt=ultimo)
                .order_by("pk")
                .only("pk", "numero_documento", "clave_documento")[:LOTE]
            )
            if not lote:
                break
            ultimo = lote[-1].pk
            distintas = []
            for persona in lote:
                clave = clave_de_documento(persona.numero_documento)
                if clave != persona.clave_documento:
                    persona.clave_documento = clave
                    distintas.append(persona)
            with transaction.atomic():
                # Sin save(): solo cambia el seudónimo, que no es un dato que la historia deba
                # contar; bulk_update no pasa por la historia.
                Persona.objects.bulk_update(distintas, ["clave_documento"])
            cambiadas += len(distintas)
        self.stdout.write(f"Seudónimos recalculados: {cambiadas}.")
