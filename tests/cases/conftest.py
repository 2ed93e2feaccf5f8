from . import kernel_workflow  # noqa: F401  registers the kernel test workflow
