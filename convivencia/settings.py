"""Configuración de Convivencia, leída del entorno (ver la sección «Configuración» del README).

Un solo módulo: los valores de desarrollo salen de DEBUG=1; producción exige SECRET_KEY y
ALLOWED_HOSTS y deja pasar `manage.py check --deploy --fail-level WARNING`.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.db.models import FETCH_PEERS
from django.utils.csp import CSP
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    valor = os.environ.get(name)
    if valor is None or valor.strip() == "":
        return default
    return valor.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Falta la variable de entorno SECRET_KEY: con DEBUG desactivado Convivencia no arranca "
            "sin una clave secreta propia. Genere una con "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` "
            "o, solo en desarrollo, defina DEBUG=1."
        )
    SECRET_KEY = "solo-desarrollo-no-usar-en-produccion-" + "x" * 20

# Clave del seudónimo de los documentos (Persona.clave_documento): cuenta la reincidencia entre
# municipios sin compartir filas. Aparte de SECRET_KEY para poder rotar esta sin perder aquella;
# si cambia, `manage.py recalcular_seudonimos` rehace las claves guardadas.
SEUDONIMO_CLAVE = os.environ.get("SEUDONIMO_CLAVE", "") or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Falta la variable de entorno ALLOWED_HOSTS (por ejemplo convivencia.ejemplo.gov.co): "
        "con DEBUG desactivado hay que decir qué nombres de host sirve la aplicación."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "comun.apps.AdminConvivenciaConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "comun",
    "auditoria",
    "municipios",
    "gestores",
    "casos",
    "capacitaciones",
    "remisiones",
    "mediacion",
    "tableros",
    "habeas",
    "agenda",
    "sinsenal",
    "convivencia",
    "demo",
]

MIDDLEWARE = [
    # El código de la solicitud (X-Request-ID, registro, páginas de error): antes que todo.
    "convivencia.solicitudes.IdSolicitudMiddleware",
    # HTML y JSON comprimidos (los estáticos los comprime WhiteNoise al hacer collectstatic). Con
    # la mitigación de BREACH de Django (bytes al azar en cada respuesta) y las fichas CSRF
    # enmascaradas en cada página.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # El perfil y su municipio en una consulta (lo leen el alcance y la barra de navegación).
    "gestores.perfiles.PerfilMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gestores.sesiones.SesionMiddleware",
    "gestores.segundo_factor.SegundoFactorMiddleware",
    "auditoria.eventos.EventosMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Al final, como pide django-axes: responde con la página de bloqueo.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "convivencia.urls"
WSGI_APPLICATION = "convivencia.wsgi.application"
ASGI_APPLICATION = "convivencia.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Base de datos: DATABASE_URL (postgres://usuario:clave@host:5432/nombre); por omisión SQLite.
# DATABASE_POOLER=pgbouncer: la base está detrás de PgBouncer en modo transacción (README,
# «Crecer más allá de una máquina»).
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(
        f"DATABASE_POOLER={DATABASE_POOLER!r}: el único valor conocido es «pgbouncer»."
    )


def base_de_datos(url: str, *, pooler: str = "") -> dict:
    """Los ajustes de una conexión (la principal o la copia de lectura) a partir de su URL."""
    base = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if base["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite: transacciones IMMEDIATE (toman el bloqueo de escritura al empezar, así los
        # contadores como el del radicado no se pisan), espera ante bloqueos y WAL para lectores.
        base["CONN_MAX_AGE"] = 0
        # Pruebas en un archivo (no en memoria): los hilos concurrentes comparten la base.
        base["TEST"] = {"NAME": str(BASE_DIR / ".pruebas.sqlite3")}
        base["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif base["ENGINE"] == "django.db.backends.postgresql" and pooler:
        # PgBouncer en modo transacción: cada transacción puede ir a otra conexión del servidor.
        # Un cursor del servidor abierto fuera de una transacción (el de iterator(), que usan
        # hasta las listas de opciones de los formularios) no estaría en la siguiente: sin ellos.
        # El exporte del admin abre el suyo dentro de una transacción (auditoria/exportes.py).
        # Y sin `options` al conectar, que PgBouncer rechaza: JIT, con ALTER DATABASE (README).
        base["DISABLE_SERVER_SIDE_CURSORS"] = True
    elif base["ENGINE"] == "django.db.backends.postgresql" and not env_bool("PG_JIT"):
        # Sin JIT: en las consultas de los tableros compilar cuesta más (0,2 a 0,8 s medidos) de
        # lo que ahorra. PG_JIT=1 lo deja como lo tenga el servidor.
        base.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return base


DATABASES = {
    "default": base_de_datos(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        pooler=DATABASE_POOLER,
    )
}
# La copia de lectura (réplica de PostgreSQL): tableros, informes, listas y exportes del admin
# leen de ella (comun/replica.py); en las pruebas es la misma base principal.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = base_de_datos(
        os.environ["DATABASE_REPLICA_URL"], pooler=DATABASE_POOLER
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["comun.replica.EnrutadorDeReplica"]
# Segundos de retraso de la copia desde los que los tableros lo avisan.
REPLICA_RETRASO_AVISO_SEGUNDOS = int(os.environ.get("REPLICA_RETRASO_AVISO_SEGUNDOS", "30"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # El programa, sus municipios y sus roles no hacen una contraseña (gestores/seguridad.py).
    {"NAME": "gestores.seguridad.PalabrasLocalesValidator"},
]

# Ingreso: django-axes bloquea 15 minutos un usuario desde una IP tras 5 fallos seguidos (la IP
# sale de gestores.seguridad.ip_del_cliente: detrás del proxy TLS, la que agrega el proxy).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gestores.backends.PermisosEnUnaConsulta",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_CLIENT_IP_CALLABLE = "gestores.seguridad.ip_del_cliente"
AXES_ENABLE_ADMIN = False  # el admin propio muestra los bloqueos (gestores/admin.py)
AXES_VERBOSE = False
# Segundo factor (gestores/segundo_factor.py): TOTP con django-otp.
OTP_TOTP_ISSUER = "Convivencia AMB"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Archivos estáticos: servidos por la propia aplicación (WhiteNoise), nunca desde un CDN.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Adjuntos de los casos: fuera de toda URL pública; solo se sirven por una vista con alcance.
    "privado": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "privado", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Correo (MAILERS de Django 6.1): en desarrollo, archivos en tmp/correos/ (la demo manda cientos
# de correos: en la consola taparían la dirección y los usuarios); SMTP configurado por el entorno
# en producción. EMAIL_BACKEND permite otro backend (p. ej. el de consola).
_smtp = "django.core.mail.backends.smtp.EmailBackend"
_archivos = "django.core.mail.backends.filebased.EmailBackend"
_backend_correo = os.environ.get("EMAIL_BACKEND", _archivos if DEBUG else _smtp)
CORREOS_DIR = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "tmp" / "correos"))
if _backend_correo == _smtp:
    _opciones_correo = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "587")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
elif _backend_correo == _archivos:
    _opciones_correo = {"file_path": str(CORREOS_DIR)}
else:
    _opciones_correo = {}
MAILERS = {"default": {"BACKEND": _backend_correo, "OPTIONS": _opciones_correo}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Convivencia AMB <no-responder@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Dirección pública del sitio, para los enlaces de los correos; en desarrollo, la de `make run`
# (que exporta PORT).
SITIO_URL = os.environ.get("SITIO_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}")

# Modo de carga de las consultas que alimentan listas: FETCH_PEERS carga en bloque la relación
# olvidada de todas las filas; las pruebas ponen FETCH_RAISE para que un N+1 falle.
FETCH_MODE_LISTAS = FETCH_PEERS

# Casos: días hábiles para responder una remisión y tamaño máximo de un adjunto.
PLAZO_REMISION_DIAS_HABILES = int(os.environ.get("PLAZO_REMISION_DIAS_HABILES", "10"))
# Caché: en memoria de cada proceso, o compartida en una tabla de la base (CACHE_TABLA, creada
# con `manage.py createcachetable`) para que varios procesos y el cron de calentar_tableros la
# compartan.
if os.environ.get("CACHE_TABLA"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ["CACHE_TABLA"],
        }
    }
# Segundos que un tablero calculado se sirve desde la caché (0: siempre se calcula).
TABLEROS_CACHE_SEGUNDOS = int(os.environ.get("TABLEROS_CACHE_SEGUNDOS", "600"))
ADJUNTO_TAMANO_MAXIMO = 10 * 1024 * 1024
# Píxeles de una imagen subida, mirados en su cabecera antes de decodificarla: 25 millones caben
# las fotos de los teléfonos (6.000 x 4.000 = 24 MP) y dejan fuera una bomba de 7.000 x 7.000.
IMAGEN_PIXELES_MAXIMOS = int(os.environ.get("IMAGEN_PIXELES_MAXIMOS", "25000000"))
# Días sin hablar con el servidor tras los cuales el teléfono borra su cola de envíos sin señal,
# su llave y sus páginas guardadas (README, «Seguridad»).
SIN_SENAL_DIAS = int(os.environ.get("SIN_SENAL_DIAS", "7"))

# Seguridad. En producción (DEBUG=0) todo va por HTTPS.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
# Sesiones: 30 minutos sin actividad (gestores/sesiones.py la renueva) y 12 horas como máximo.
SESSION_COOKIE_AGE = 30 * 60
SESION_MAXIMA_SEGUNDOS = 12 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "convivencia.errores.fallo_csrf"
# Content Security Policy de Django 6 en todas las páginas (el admin incluido), también en
# desarrollo y en las pruebas: nada de scripts en línea (los nuestros llevan el nonce y son
# archivos de static/), ni estilos en atributos, ni objetos, ni marcos. `data:` en imágenes: las
# flechas de las listas desplegables de Bootstrap son SVG en la hoja de estilos.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# models.W040: SQLite ignora las columnas incluidas (INCLUDE) de un índice; en PostgreSQL hacen
# que el tablero cuente los casos abiertos solo con el índice (tableros.CasoAbierto).
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # «__Host-»: el navegador solo las acepta con Secure, en / y sin Domain (ningún subdominio
    # puede pisarlas). En desarrollo (HTTP) no se podrían poner: allí quedan los nombres de Django.
    SESSION_COOKIE_NAME = "__Host-sesion"
    CSRF_COOKIE_NAME = "__Host-csrf"
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^salud/$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        # Detrás de un proxy que termina TLS (nginx, balanceador): la aplicación recibe HTTP y
        # confía en X-Forwarded-Proto; la redirección HTTP→HTTPS la hace el proxy.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_SSL_REDIRECT = False
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    if not SECURE_HSTS_PRELOAD:
        # Decisión explícita del operador (SECURE_HSTS_PRELOAD=0): no pedir la lista de precarga.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# Cada línea del registro lleva el código de la solicitud (el mismo de la cabecera X-Request-ID
# y de las páginas de error; «-» fuera de una solicitud).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"id_solicitud": {"()": "convivencia.solicitudes.FiltroIdSolicitud"}},
    "formatters": {
        "con_id": {
            "format": "{asctime} {levelname} [{request_id}] {name}: {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["id_solicitud"],
            "formatter": "con_id",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes anota cada ingreso; los hechos que importan quedan en EventoSeguridad.
        "axes": {"level": "WARNING"},
        # WeasyPrint cuenta cada paso de cada PDF; fontTools, cada fuente que recorta.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Exportes e importes del admin (django-import-export; ver auditoria/exportes.py). Exportar pide el
# permiso «export» del modelo e importar el «import»; los datos personales, además,
# auditoria.exportar_datos_personales. Un importe con errores no guarda ninguna fila.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
# Un XLSX se arma en el servidor antes de entregarlo: más filas, en CSV (que va por partes).
EXPORTE_XLSX_MAX_FILAS = int(os.environ.get("EXPORTE_XLSX_MAX_FILAS", "100000"))
# Listas grandes del admin sin filtros: desde cuántas filas (estimadas por PostgreSQL) se muestra
# la estimación en vez de contarlas (comun/paginacion.py, PaginadorEstimado).
ADMIN_CONTEO_ESTIMADO_DESDE = int(os.environ.get("ADMIN_CONTEO_ESTIMADO_DESDE", "10000"))
