"""Un backend de correo que siempre falla, para probar que un fallo no pierde nada."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("el servidor SMTP no responde")
