/*
 * kheap.c: the kernel heap (see kheap.h).
 */
#include "kheap.h"

#include "kstring.h"
#include "kvm.h"
#include "mm_boot.h"
#include "mm_hooks.h"
#include "panic.h"
#include "pmm.h"

#define MAGIC_USED   0x4b4d4155u /* "UAMK" */
#define MAGIC_FREE   0x4b4d4146u /* "FAMK" */
#define CANARY       0xc0ffee11u
#define POISON_BYTE  0x6bu
#define HDR_SIZE     16u
#define CANARY_SIZE  4u
#define MIN_SPLIT    (2u * HDR_SIZE)

struct block {
    uint32_t magic;
    uint32_t size;          /* whole block: header, payload, canary, padding */
    uint32_t req;           /* bytes the caller asked for */
    struct block *next;     /* free list (address order), when free */
};
_Static_assert(sizeof(struct block) == HDR_SIZE, "header size");

static struct block *free_list;
static uint32_t brk = HEAP_VBASE; /* one past the mapped heap */
static struct kheap_stats st;

void kheap_init(void)
{
    free_list = NULL;
    brk = HEAP_VBASE;
    st = (struct kheap_stats){ 0 };
}

/* insert: put b into the free list in address order and merge it with its neighbours. */
static void insert(struct block *b)
{
    b->magic = MAGIC_FREE;
    struct block *prev = NULL, *cur = free_list;
    while (cur != NULL && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (prev != NULL)
        prev->next = b;
    else
        free_list = b;
    if (cur != NULL && (uintptr_t)b + b->size == (uintptr_t)cur) {
        b->size += cur->size;
        b->next = cur->next;
        cur->magic = 0;
    }
    if (prev != NULL && (uintptr_t)prev + prev->size == (uintptr_t)b) {
        prev->size += b->size;
        prev->next = b->next;
        b->magic = 0;
    }
}

/* grow: map at least `need` more bytes at the top; 0 or -1 (no frame, no window). */
static int grow(uint32_t need)
{
    uint32_t bytes = (uint32_t)page_up(need);
    if (bytes > HEAP_VEND - brk)
        return -1;
    struct pmm *pmm = mm_boot_pmm();
    struct vm_space *s = kvm_space();
    if (pmm == NULL || s == NULL)
        return -1;
    uint32_t start = brk;
    for (uint32_t off = 0; off < bytes; off += PAGE_SIZE) {
        paddr_t f = pmm_alloc(pmm);
        if (paddr_is_null(f) ||
            map_page(s, vaddr_of((void *)(uintptr_t)(start + off)), f, PTE_W | PTE_G, 0) != VM_OK) {
            if (!paddr_is_null(f))
                pmm_free(pmm, f);
            bytes = off; /* keep what was mapped */
            break;
        }
        st.frames++;
    }
    if (bytes == 0)
        return -1;
    brk += bytes;
    st.mapped += bytes;
    struct block *b = (struct block *)(uintptr_t)start;
    b->size = bytes;
    insert(b);
    return bytes >= need ? 0 : -1;
}

void *kmalloc(size_t n)
{
    if (n == 0 || n > HEAP_VEND - HEAP_VBASE - HDR_SIZE - CANARY_SIZE - KHEAP_ALIGN)
        return NULL;
    uint32_t need = ((uint32_t)n + HDR_SIZE + CANARY_SIZE + KHEAP_ALIGN - 1u) & ~(KHEAP_ALIGN - 1u);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct block *prev = NULL;
        for (struct block *b = free_list; b != NULL; prev = b, b = b->next) {
            if (b->size < need)
                continue;
            if (b->size - need >= MIN_SPLIT) {
                struct block *rest = (struct block *)((uintptr_t)b + need);
                rest->magic = MAGIC_FREE;
                rest->size = b->size - need;
                rest->next = b->next;
                b->next = rest;
                b->size = need;
            }
            if (prev != NULL)
                prev->next = b->next;
            else
                free_list = b->next;
            b->magic = MAGIC_USED;
            b->req = (uint32_t)n;
            b->next = NULL;
            uint8_t *payload = (uint8_t *)(b + 1);
            uint32_t canary = CANARY;
            memcpy(payload + n, &canary, CANARY_SIZE);
            st.live++;
            st.live_bytes += (uint32_t)n;
            return payload;
        }
        /* Grow by what the last free block at the top lacks, at worst by `need`. */
        if (grow(need) != 0)
            return NULL;
    }
    return NULL;
}

/* check: why p is not a live, intact block, or NULL when it is. */
static const char *check(const void *p, struct block **out)
{
    uintptr_t a = (uintptr_t)p;
    if (a < HEAP_VBASE + HDR_SIZE || a >= brk || (a & (KHEAP_ALIGN - 1u)) != 0)
        return "not a heap pointer";
    struct block *b = (struct block *)a - 1;
    if (b->magic == MAGIC_FREE)
        return "already freed (double free)";
    if (b->magic != MAGIC_USED)
        return "no block header there (bad pointer or header overwritten)";
    uint32_t canary;
    memcpy(&canary, (const uint8_t *)p + b->req, CANARY_SIZE);
    if (canary != CANARY)
        return "canary after the block overwritten (overrun)";
    *out = b;
    return NULL;
}

int kheap_check(const void *p)
{
    struct block *b;
    return check(p, &b) == NULL ? 0 : -1;
}

void kfree(void *p)
{
    if (p == NULL)
        return;
    struct block *b = NULL;
    const char *why = check(p, &b);
    if (why != NULL)
        mm_fatal("kfree(0x%08x): %s", (unsigned)(uintptr_t)p, why); /* checked before any change */
    st.live--;
    st.live_bytes -= b->req;
    memset(b + 1, POISON_BYTE, b->size - HDR_SIZE);
    insert(b);
}

struct kheap_stats kheap_stats(void)
{
    return st;
}
