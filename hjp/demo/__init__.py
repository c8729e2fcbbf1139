"""The fictional demo partnership; `loader.load_demo` builds it (see its docstring)."""
