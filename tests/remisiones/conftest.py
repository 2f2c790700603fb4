"""Las remisiones cuelgan de un caso: se registran con los mismos ayudantes de las pruebas de
casos."""

from tests.casos.conftest import registrar, ruido, vif  # noqa: F401
