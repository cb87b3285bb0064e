HOST_TEST_NAMES += uvm
HOST_SRCS_uvm := mm/uvm.c mm/vm.c tests/host/host_mm.c tests/host/fake_frames.c
