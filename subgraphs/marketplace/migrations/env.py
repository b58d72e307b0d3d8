from subgraphs.kit.migrations import run_env
from subgraphs.marketplace.models import Base

run_env(Base.metadata)
