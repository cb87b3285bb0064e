HOST_TEST_NAMES += exc
HOST_SRCS_exc   := kernel/exc.c kernel/lib/fmt.c
