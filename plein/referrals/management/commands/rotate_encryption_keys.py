"""Re-encrypt every encrypted value with the newest key in PLEIN_ENCRYPTION_KEYS.

Rotating a key: put a new key (`plein generate-encryption-key`) in front of the list, restart,
run `plein rotate-encryption-keys`, then remove the old key. The command finds every
EncryptedTextField of every model (Referral contact fields, TOTPDevice.secret, ...), works in
batches, and is idempotent: a value already encrypted with the newest key is left alone.

It works on the stored tokens with SQL, so values are never decrypted into model instances, and
each UPDATE only applies when the token is still the one read (a value changed meanwhile is
skipped and picked up by a rerun).
"""

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Model

from plein.core import crypto
from plein.core.crypto import EncryptedTextField


def encrypted_fields() -> list[tuple[type[Model], list[str]]]:
    """(model, [column, ...]) for every concrete model that has encrypted fields."""
    found = []
    for model in apps.get_models():
        # A concrete field always has a column; the check tells the type checker so.
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField) and field.column
        ]
        if columns and not model._meta.proxy:
            found.append((model, columns))
    return found


def _is_current(token: str, newest: Fernet) -> bool:
    try:
        newest.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted values (referral contact data, TOTP secrets) with the newest key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        newest = Fernet(crypto.encryption_keys()[0])
        totals = [0, 0]
        for model, columns in encrypted_fields():
            rotated, current = self.rotate_model(model, columns, newest, batch_size)
            totals[0] += rotated
            totals[1] += current
            self.stdout.write(
                f"{model._meta.label}: {rotated} re-encrypted, {current} already current"
            )
        self.stdout.write(f"Total: {totals[0]} re-encrypted, {totals[1]} already current")

    def rotate_model(self, model, columns, newest: Fernet, batch_size: int) -> tuple[int, int]:
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        selected = ", ".join(quote(column) for column in columns)
        rotated = current = 0
        last = None
        while True:
            where = f"WHERE {pk} > %s " if last is not None else ""
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {pk}, {selected} FROM {table} {where}ORDER BY {pk} LIMIT %s",
                    [last, batch_size] if last is not None else [batch_size],
                )
                rows = cursor.fetchall()
                for row in rows:
                    changed, same = self.rotate_row(cursor, table, pk, columns, row, newest)
                    rotated += changed
                    current += same
            if len(rows) < batch_size:
                return rotated, current
            last = rows[-1][0]

    def rotate_row(self, cursor, table, pk, columns, row, newest) -> tuple[int, int]:
        quote = connection.ops.quote_name
        rotated = current = 0
        for column, token in zip(columns, row[1:], strict=True):
            if not token:
                continue
            if _is_current(token, newest):
                current += 1
                continue
            try:
                token_new = crypto.rotate(token)
            except InvalidToken as error:
                raise CommandError(
                    f"{table} {row[0]}: {column} cannot be decrypted with any configured key."
                ) from error
            cursor.execute(
                f"UPDATE {table} SET {quote(column)} = %s WHERE {pk} = %s AND {quote(column)} = %s",
                [token_new, row[0], token],
            )
            rotated += cursor.rowcount
        return rotated, current
