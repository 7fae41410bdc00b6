"""An introsort with the exact element moves of libstdc++'s ``std::sort``.

The reference orders a struct's fields for ``to_dict`` / ``to_json`` with an
unstable C++ sort; to reproduce its order exactly (also for more than 16
fields, where the order of equal keys depends on the algorithm), this sorts
the same way: median-of-three quicksort partitions down to runs of 16, then
one insertion sort.
"""


def _lg(n):
    return n.bit_length() - 1


def std_sort(items, less):
    """A new list of ``items`` sorted by ``less(a, b)`` (a strict weak order), as std::sort moves them."""
    a = list(items)
    if len(a) > 1:
        _introsort_loop(a, 0, len(a), 2 * _lg(len(a)), less)
        _final_insertion_sort(a, 0, len(a), less)
    return a


def _introsort_loop(a, first, last, depth, less):
    while last - first > 16:
        if depth == 0:
            a[first:last] = _heap_sort(a[first:last], less)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, less)
        _introsort_loop(a, cut, last, depth, less)
        last = cut


def _partition_pivot(a, first, last, less):
    mid = first + (last - first) // 2
    _move_median_to_first(a, first, first + 1, mid, last - 1, less)
    return _unguarded_partition(a, first + 1, last, first, less)


def _move_median_to_first(a, result, x, y, z, less):
    if less(a[x], a[y]):
        if less(a[y], a[z]):
            pick = y
        elif less(a[x], a[z]):
            pick = z
        else:
            pick = x
    elif less(a[x], a[z]):
        pick = x
    elif less(a[y], a[z]):
        pick = z
    else:
        pick = y
    a[result], a[pick] = a[pick], a[result]


def _unguarded_partition(a, first, last, pivot, less):
    while True:
        while less(a[first], a[pivot]):
            first += 1
        last -= 1
        while less(a[pivot], a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _insertion_sort(a, first, last, less):
    for i in range(first + 1, last):
        val = a[i]
        if less(val, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = val
        else:
            _unguarded_linear_insert(a, i, less)


def _unguarded_linear_insert(a, i, less):
    val = a[i]
    j = i - 1
    while less(val, a[j]):
        a[j + 1] = a[j]
        j -= 1
    a[j + 1] = val


def _final_insertion_sort(a, first, last, less):
    if last - first > 16:
        _insertion_sort(a, first, first + 16, less)
        for i in range(first + 16, last):
            _unguarded_linear_insert(a, i, less)
    else:
        _insertion_sort(a, first, last, less)


def _heap_sort(seq, less):
    """The depth limit's fallback (std::partial_sort over the whole run: a heap sort).

    Sorted correctly, but equal keys may not land as libstdc++'s heap moves
    them; the limit (2 log2 n partitions) is not reached with few distinct keys.
    """
    heap = list(seq)
    n = len(heap)

    def sift_down(start, end):
        root = start
        while 2 * root + 1 < end:
            child = 2 * root + 1
            if child + 1 < end and less(heap[child], heap[child + 1]):
                child += 1
            if not less(heap[root], heap[child]):
                return
            heap[root], heap[child] = heap[child], heap[root]
            root = child

    for start in range(n // 2 - 1, -1, -1):
        sift_down(start, n)
    for end in range(n - 1, 0, -1):
        heap[0], heap[end] = heap[end], heap[0]
        sift_down(0, end)
    return heap
