HOST_TEST_NAMES += pager
HOST_SRCS_pager := kernel/pager.c kernel/fwcfg_entry.c
HOST_CFLAGS_pager := -Ikernel
