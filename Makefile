# Convivencia: `make run` para usarlo, `make test` para probarlo. Requiere Python >= 3.12 y make;
# uv se instala solo si falta (scripts/uv).
UV := scripts/uv
PORT ?= 8000
# Exportado: SITIO_URL (los enlaces de los correos) y el aviso de cargar_demo usan el mismo puerto.
export PORT
RUN := $(UV) run --frozen

.PHONY: help install run test test-rapido lint format migrations-check deploy-check vendor clean \
	backup restore fuzz

help:
	@echo "make run     instala, migra, carga la demo y sirve http://127.0.0.1:$(PORT)"
	@echo "make test    instala y corre todas las pruebas (SQLite; PostgreSQL si DATABASE_URL apunta a una)"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make format  formatea el código con ruff"
	@echo "make vendor  copia de npm a static/vendor Bootstrap, Chart.js y los íconos en uso de Bootstrap Icons"
	@echo "make backup  copia la base (pg_dump) y los archivos subidos a respaldos/"
	@echo "make restore RESPALDO=respaldos/….dump  restaura una copia en una base nueva"

install:
	@$(UV) sync --frozen --quiet

run: install
	DEBUG=1 $(RUN) python manage.py migrate --noinput -v 0
	DEBUG=1 $(RUN) python manage.py cargar_demo
	DEBUG=1 $(RUN) python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(RUN) pytest $(PYTEST_ARGS)

# Más ejemplos de Hypothesis contra cada formulario (5.000 por formulario; unos minutos).
fuzz: install
	HYPOTHESIS_PROFILE=largo $(RUN) pytest -q tests/convivencia/test_fuzz_formularios.py \
	  tests/casos/test_entradas_aleatorias.py tests/convivencia/test_fuzz_consultas.py \
	  tests/capacitaciones -k "hostil or aleatori or 500"

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: install
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

migrations-check: install
	DEBUG=1 $(RUN) python manage.py makemigrations --check --dry-run

# Lo que exige producción: `check --deploy` sin avisos y collectstatic con el manifiesto.
deploy-check: install
	DEBUG=0 SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=convivencia.example.org STATIC_ROOT=$$(mktemp -d) \
	  sh -c '$(RUN) python manage.py check --deploy --fail-level WARNING && \
	         $(RUN) python manage.py collectstatic --noinput -v 0'

vendor:
	scripts/vendor.sh

# Copias de respaldo (PostgreSQL: DATABASE_URL): la base con pg_dump y MEDIA_ROOT en un .tar.gz.
RESPALDOS ?= respaldos
backup: install
	$(RUN) python manage.py respaldar --destino $(RESPALDOS)

# make restore RESPALDO=respaldos/convivencia-AAAAMMDD-HHMMSS.dump (en una base recién creada)
restore: install
	@test -n "$(RESPALDO)" || (echo "Diga cuál: make restore RESPALDO=respaldos/convivencia-….dump"; exit 2)
	$(RUN) python manage.py restaurar --respaldo $(RESPALDO)

clean:
	rm -rf .venv staticfiles .pytest_cache vendor/node_modules
