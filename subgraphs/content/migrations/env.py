from subgraphs.content.models import Base
from subgraphs.kit.migrations import run_env

run_env(Base.metadata)
