HOST_TEST_NAMES += uelf
HOST_SRCS_uelf := kernel/uelf.c kernel/lib/fmt.c tests/host/elf_builder.c
HOST_CFLAGS_uelf := -Ikernel -DUSER_BUILD_DIR='"$(BUILD)/user"'
# It also checks the built user programs.
$(BUILD)/host/test_uelf: $(USER_ELFS)
