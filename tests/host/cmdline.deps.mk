HOST_TEST_NAMES += cmdline
HOST_SRCS_cmdline := kernel/cmdline.c
