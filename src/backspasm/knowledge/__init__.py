"""The clinical knowledge base: YAML data shipped in the package and its validating loader."""

from .loader import Knowledge, KnowledgeError, default_knowledge, load_knowledge
from .models import Disposition

__all__ = ["Disposition", "Knowledge", "KnowledgeError", "default_knowledge", "load_knowledge"]
