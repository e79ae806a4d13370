"""Summarization engine (tomtat.engine): score (method) -> select (budget, redundancy) -> order -> cite."""

from .api import summarize
from .registry import available_methods, get_method, register

__all__ = ["available_methods", "get_method", "register", "summarize"]
