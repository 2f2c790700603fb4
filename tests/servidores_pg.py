"""Servidores de verdad alrededor del PostgreSQL de las pruebas: un primario con su copia de
lectura (réplica por streaming; dos clústeres en puertos libres) y un PgBouncer en modo
transacción.

Los levantan las pruebas que los usan (`tests/convivencia/test_replica_postgres.py`,
`test_pgbouncer.py`) y los apagan al terminar. Hacen falta PostgreSQL en 127.0.0.1, ser root
(como en CI) y las herramientas de Debian (`pg_createcluster`, `pg_basebackup`, `pgbouncer`).
Fuera de CI, si algo falta, la prueba se salta diciendo qué; en CI (`CI=true`), falla: allí
tienen que correr de verdad.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

PREFIJO = "pruebas_"  # los clústeres que se crean: pruebas_<pid>_primario, pruebas_<pid>_copia
PLANTILLA = "plantilla"
ESPERA = 120  # segundos para que un clúster acepte conexiones


def sin_requisito(motivo: str):
    """Salta la prueba (o, en CI, la hace fallar: allí debe correr)."""
    if os.environ.get("CI"):
        pytest.fail(f"En CI esta prueba debe correr: {motivo}")
    pytest.skip(motivo)


def exigir_postgres_local(para: str):
    if connection.vendor != "postgresql":
        pytest.skip(f"{para} es de PostgreSQL; CI corre la suite también allí")
    if connection.settings_dict["HOST"] not in ("127.0.0.1", "localhost"):
        sin_requisito(f"{para} necesita el PostgreSQL de las pruebas en 127.0.0.1")
    if os.geteuid() != 0:
        sin_requisito(f"{para} necesita root (crea un clúster o corre pgbouncer como postgres)")


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def conectar(puerto: int, nombre: str | None = None, **opciones):
    """Una conexión psycopg2 aparte de las de Django (autocommit), como superusuario."""
    datos = connection.settings_dict
    conexion = psycopg2.connect(
        host="127.0.0.1",
        port=puerto,
        dbname=nombre or datos["NAME"],
        user=datos["USER"] or "postgres",
        password=datos["PASSWORD"] or None,
        **opciones,
    )
    conexion.autocommit = True
    return conexion


def consultar(conexion, sql: str, parametros=()):
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return cursor.fetchone() if cursor.description else None


def _correr(*orden: str, timeout: int = 600) -> str:
    resultado = subprocess.run(orden, capture_output=True, text=True, timeout=timeout)
    if resultado.returncode != 0:
        raise RuntimeError(f"{' '.join(orden)}: {resultado.stderr or resultado.stdout}")
    return resultado.stdout


def responde(puerto: int, sql: str, nombre: str = "postgres"):
    """La primera columna de `sql` en una conexión que se abre y se cierra."""
    conexion = conectar(puerto, nombre)
    try:
        return consultar(conexion, sql)[0]
    finally:
        conexion.close()


def _esperar(condicion, *, segundos: float, que: str):
    limite = time.monotonic() + segundos
    while True:
        try:
            if condicion():
                return
        except psycopg2.Error:
            pass
        if time.monotonic() > limite:
            raise TimeoutError(f"{que}: no llegó en {segundos} s")
        time.sleep(0.2)


# --- La copia de lectura ---------------------------------------------------------------------


def _version() -> str:
    """La versión mayor del PostgreSQL de las pruebas (la de los clústeres que se crean)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return str(int(cursor.fetchone()[0]) // 10000)


def _borrar_abandonados(version: str):
    """Los clústeres de una corrida que murió sin apagarlos (su proceso ya no existe)."""
    for linea in _correr("pg_lsclusters", "--no-header").splitlines():
        partes = linea.split()
        if len(partes) < 2 or partes[0] != version or not partes[1].startswith(PREFIJO):
            continue
        pid = partes[1].removeprefix(PREFIJO).split("_")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            subprocess.run(["pg_dropcluster", "--stop", version, partes[1]], capture_output=True)


class PrimarioConCopia:
    """Dos clústeres de PostgreSQL en puertos libres: un primario y su copia de lectura por
    streaming (pg_basebackup -R). Cada prueba recibe en el primario una base nueva, copia de la
    de las pruebas (`base_nueva`), y la copia la repite.

    Un primario propio y pequeño, no el de las pruebas: pg_basebackup copia el clúster entero, y
    en una máquina de desarrollo el de las pruebas tiene gigas de bases de medición que otros
    procesos pueden estar escribiendo (medido: más de 5 minutos sin que la copia llegara a un
    estado consistente). Así tarda unos segundos y no depende de lo que haga otro proceso.
    """

    def __init__(self):
        self.version = ""
        self.primario = f"{PREFIJO}{os.getpid()}_primario"
        self.copia = f"{PREFIJO}{os.getpid()}_copia"
        self.puerto_primario = puerto_libre()
        self.puerto_copia = puerto_libre()
        self.creados: list[str] = []
        self.con_plantilla = False

    def _crear(self, nombre: str, puerto: int):
        _correr(
            "pg_createcluster", self.version, nombre, "-p", str(puerto), "--start-conf", "manual",
            "--pgoption=shared_buffers=32MB", "--pgoption=fsync=off",
            "--", "--auth-local=trust", "--auth-host=trust",
        )  # fmt: skip
        self.creados.append(nombre)

    def _arrancar(self, nombre: str, puerto: int):
        # Sin la espera de pg_ctl (60 s como mucho): se espera aquí, y si no llega, con el
        # registro del servidor en el error.
        _correr("pg_ctlcluster", "--skip-systemctl-redirect", self.version, nombre, "start",
                "--", "-W")  # fmt: skip
        try:
            _esperar(lambda: responde(puerto, "SELECT 1"), segundos=ESPERA, que=nombre)
        except TimeoutError as error:
            registro = Path(f"/var/log/postgresql/postgresql-{self.version}-{nombre}.log")
            cola = registro.read_text()[-3000:] if registro.exists() else ""
            raise TimeoutError(f"{error}. Su registro:\n{cola}") from None

    def levantar(self):
        herramientas = ("pg_createcluster", "pg_basebackup", "pg_dump", "psql", "runuser")
        for herramienta in herramientas:
            if shutil.which(herramienta) is None:
                sin_requisito(f"la copia de lectura necesita {herramienta} (postgresql-common)")
        self.version = _version()
        _borrar_abandonados(self.version)
        self._crear(self.primario, self.puerto_primario)
        self._arrancar(self.primario, self.puerto_primario)
        self._crear(self.copia, self.puerto_copia)
        carpeta = Path(f"/var/lib/postgresql/{self.version}/{self.copia}")
        for dentro in carpeta.iterdir():  # la carpeta queda (de postgres, 0700); su contenido no
            shutil.rmtree(dentro) if dentro.is_dir() else dentro.unlink()
        # -R: deja standby.signal y primary_conninfo; -X stream: con el WAL de la copia.
        _correr(
            "runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1",
            "-p", str(self.puerto_primario), "-U", "postgres", "-D", str(carpeta),
            "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        self._arrancar(self.copia, self.puerto_copia)
        if not responde(self.puerto_copia, "SELECT pg_is_in_recovery()"):
            raise RuntimeError("la copia no quedó en espera (pg_is_in_recovery() es falso)")
        return self

    def apagar(self):
        for nombre in reversed(self.creados):
            # Sin cerrar ordenadamente (se borran enteros): el apagado normal tarda segundos.
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, nombre, "stop",
                 "-m", "immediate"],
                capture_output=True,
            )  # fmt: skip
            subprocess.run(["pg_dropcluster", "--stop", self.version, nombre], capture_output=True)
        self.creados.clear()

    def _cargar_plantilla(self):
        """La base de las pruebas tal como está (migrada, con los datos de las migraciones),
        copiada con pg_dump al primario propio, una vez."""
        datos = connection.settings_dict
        volcado = subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-p", str(datos["PORT"] or 5432),
             "-U", datos["USER"] or "postgres", "--no-owner", datos["NAME"]],
            capture_output=True, check=True, timeout=300,
        )  # fmt: skip
        _correr("psql", "-h", "127.0.0.1", "-p", str(self.puerto_primario), "-U", "postgres",
                "-qc", f"CREATE DATABASE {PLANTILLA}")  # fmt: skip
        cargada = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.puerto_primario), "-U", "postgres",
             "-q", "-v", "ON_ERROR_STOP=1", "-d", PLANTILLA],
            input=volcado.stdout, capture_output=True, timeout=300,
        )  # fmt: skip
        if cargada.returncode != 0:
            raise RuntimeError(cargada.stderr.decode()[-3000:])
        self.con_plantilla = True

    def base_nueva(self, nombre: str):
        """Una base en el primario, copia de la de las pruebas, y la espera en la copia."""
        if not self.con_plantilla:
            self._cargar_plantilla()
        conexion = conectar(self.puerto_primario, "postgres")
        try:
            consultar(conexion, f"CREATE DATABASE {nombre} TEMPLATE {PLANTILLA}")
        finally:
            conexion.close()
        self.esperar_al_primario()

    def borrar_base(self, nombre: str):
        conexion = conectar(self.puerto_primario, "postgres")
        try:
            consultar(conexion, f"DROP DATABASE IF EXISTS {nombre} WITH (FORCE)")
        finally:
            conexion.close()

    def esperar_al_primario(self, *, recibido: bool = False, segundos: float = 60):
        """Hasta que la copia repitió (o, con `recibido`, recibió aunque no lo haya repetido)
        todo lo que el primario había escrito al llamarla."""
        lsn = responde(self.puerto_primario, "SELECT pg_current_wal_lsn()::text")
        funcion = "pg_last_wal_receive_lsn" if recibido else "pg_last_wal_replay_lsn"
        sql = f"SELECT {funcion}() >= '{lsn}'::pg_lsn"
        _esperar(
            lambda: responde(self.puerto_copia, sql), segundos=segundos, que=f"la copia en {lsn}"
        )


# --- PgBouncer ---------------------------------------------------------------------------------


def binario_pgbouncer() -> str | None:
    return shutil.which("pgbouncer") or next(
        (ruta for ruta in ("/usr/sbin/pgbouncer",) if Path(ruta).exists()), None
    )


class Pgbouncer:
    """PgBouncer en modo transacción, en un puerto libre, delante del PostgreSQL de las pruebas.

    Corre como `postgres` (pgbouncer no corre como root: `-u`); entrega los servidores en orden LIFO
    (el último que se liberó es el primero que se da, como por omisión).
    """

    def __init__(self, *, servidores: int = 4):
        self.puerto = puerto_libre()
        self.servidores = servidores
        self.carpeta = Path(tempfile.mkdtemp(prefix="pgbouncer-pruebas-"))
        self.proceso = None

    def levantar(self):
        binario = binario_pgbouncer()
        if binario is None:
            sin_requisito("no está pgbouncer (apt-get install pgbouncer; .ci/run lo instala)")
        datos = connection.settings_dict
        usuario = datos["USER"] or "postgres"
        (self.carpeta / "usuarios.txt").write_text(f'"{usuario}" ""\n')
        (self.carpeta / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={datos['PORT'] or 5432}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.puerto}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {self.carpeta / 'usuarios.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {self.servidores}\n"
            "server_round_robin = 0\n"
            "max_client_conn = 200\n"
            f"logfile = {self.carpeta / 'pgbouncer.log'}\n"
        )
        shutil.chown(self.carpeta, "postgres")
        for archivo in self.carpeta.iterdir():
            shutil.chown(archivo, "postgres")
        self.proceso = subprocess.Popen(
            [binario, "-u", "postgres", str(self.carpeta / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _esperar(
            lambda: responde(self.puerto, "SELECT 1"),
            segundos=20,
            que="pgbouncer",
        )
        return self

    def registro(self) -> str:
        archivo = self.carpeta / "pgbouncer.log"
        return archivo.read_text() if archivo.exists() else ""

    def apagar(self):
        if self.proceso is not None:
            self.proceso.terminate()
            try:
                self.proceso.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
        shutil.rmtree(self.carpeta, ignore_errors=True)
