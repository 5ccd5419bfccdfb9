"""A mypy plugin: Qt constructors take their base classes' properties as keywords.

PySide6 accepts every Qt property as a keyword to a constructor (``QLabel("Hi",
objectName="title")``), inherited ones included, but the ``.pyi`` files it ships
list only each class's own properties. Without this plugin mypy reports every
``objectName=`` or ``visible=`` as an error (about 160 in our code). The plugin
adds the keyword-only parameters of each PySide6 base class's ``__init__`` to the
constructor's signature, with their declared types, so a misspelt or mistyped
property is still an error.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, Decorator, FuncDef, OverloadedFuncDef, TypeInfo
from mypy.plugin import FunctionSigContext, MethodSigContext, Plugin
from mypy.types import CallableType, FunctionLike, Instance, Overloaded, Type, get_proper_type

_PREFIX = "PySide6."


def _own_keywords(info: TypeInfo) -> dict[str, Type]:
    """The keyword-only parameters of ``info``'s own ``__init__`` (all overloads)."""
    node = info.names.get("__init__")
    if node is None:
        return {}
    definition = node.node
    functions: list[FuncDef] = []
    if isinstance(definition, FuncDef):
        functions = [definition]
    elif isinstance(definition, OverloadedFuncDef):
        for item in definition.items:
            if isinstance(item, Decorator):
                functions.append(item.func)
            elif isinstance(item, FuncDef):
                functions.append(item)
    found: dict[str, Type] = {}
    for function in functions:
        signature = get_proper_type(function.type)
        if not isinstance(signature, CallableType):
            continue
        for kind, name, typ in zip(signature.arg_kinds, signature.arg_names,
                                   signature.arg_types, strict=True):
            if name and kind in (ARG_NAMED, ARG_NAMED_OPT):
                found.setdefault(name, typ)
    return found


def _inherited_keywords(info: TypeInfo) -> dict[str, Type]:
    """The property keywords of every PySide6 class above ``info``, nearest first."""
    found: dict[str, Type] = {}
    for base in info.mro[1:]:
        if base.fullname.startswith(_PREFIX):
            for name, typ in _own_keywords(base).items():
                found.setdefault(name, typ)
    return found


def _widen(signature: FunctionLike, info: TypeInfo) -> FunctionLike:
    extra = _inherited_keywords(info)
    if not extra:
        return signature

    def one(item: CallableType) -> CallableType:
        have = set(item.arg_names)
        if any(kind.is_star() and kind.is_named() for kind in item.arg_kinds):
            return item  # already takes **kwargs
        missing = [(name, typ) for name, typ in extra.items() if name not in have]
        if not missing:
            return item
        return item.copy_modified(
            arg_types=[*item.arg_types, *(typ for _, typ in missing)],
            arg_kinds=[*item.arg_kinds, *(ARG_NAMED_OPT for _ in missing)],
            arg_names=[*item.arg_names, *(name for name, _ in missing)],
        )

    if isinstance(signature, Overloaded):
        return Overloaded([one(item) for item in signature.items])
    assert isinstance(signature, CallableType)
    return one(signature)


def _constructor_hook(ctx: FunctionSigContext) -> FunctionLike:
    made = get_proper_type(ctx.default_signature.ret_type)
    if isinstance(made, Instance):
        return _widen(ctx.default_signature, made.type)
    return ctx.default_signature


def _init_hook(ctx: MethodSigContext) -> FunctionLike:
    owner = get_proper_type(ctx.type)
    if isinstance(owner, Instance):
        # ``super().__init__`` inside a subclass: the class whose ``__init__`` is called.
        for info in owner.type.mro:
            if info.fullname.startswith(_PREFIX) and "__init__" in info.names:
                return _widen(ctx.default_signature, info)
    return ctx.default_signature


class PySidePropertiesPlugin(Plugin):
    """Teaches mypy PySide6's inherited property keywords."""

    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        if fullname.startswith(_PREFIX):
            return _constructor_hook
        return None

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        if fullname.startswith(_PREFIX) and fullname.endswith(".__init__"):
            return _init_hook
        return None


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return PySidePropertiesPlugin
