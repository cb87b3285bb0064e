HOST_TEST_NAMES += fmt
HOST_SRCS_fmt := kernel/lib/fmt.c
