HOST_TEST_NAMES += desc
HOST_SRCS_desc  := kernel/desc.c
