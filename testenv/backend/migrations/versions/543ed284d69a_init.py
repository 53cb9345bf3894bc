"""init

Revision ID: 543ed284d69a
Revises:
Create Date: 2023-08-29 10:54:45.142974

"""

from typing import Sequence, Union

revision: str = "543ed284d69a"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
