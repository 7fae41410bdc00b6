#include "csp/engine/push_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace csp {
namespace {

class CountedEvent final : public PushEvent {
public:
    CountedEvent(int producer, int sequence) : PushEvent(nullptr), producer(producer), sequence(sequence) {}
    bool consume() override { return true; }
    int producer;
    int sequence;
};

TEST(PushQueueTest, SingleThreadFifo) {
    PushQueue queue;
    EXPECT_EQ(queue.pop(), nullptr);
    EXPECT_FALSE(queue.maybe_nonempty());
    for (int i = 0; i < 3; ++i) queue.push(new CountedEvent(0, i));
    EXPECT_TRUE(queue.maybe_nonempty());
    for (int i = 0; i < 3; ++i) {
        auto* event = static_cast<CountedEvent*>(queue.pop());
        ASSERT_NE(event, nullptr);
        EXPECT_EQ(event->sequence, i);
        delete event;
    }
    EXPECT_EQ(queue.pop(), nullptr);
    EXPECT_FALSE(queue.maybe_nonempty());
}

TEST(PushQueueTest, ManyWritersKeepPerWriterOrderAndLoseNothing) {
    constexpr int kWriters = 4;
    constexpr int kPerWriter = 50'000;
    PushQueue queue;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&queue, w] {
            for (int i = 0; i < kPerWriter; ++i) queue.push(new CountedEvent(w, i));
        });
    }
    std::vector<int> next(kWriters, 0);
    int received = 0;
    while (received < kWriters * kPerWriter) {
        auto* event = static_cast<CountedEvent*>(queue.pop());
        if (event == nullptr) {
            queue.wait_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(10));
            continue;
        }
        EXPECT_EQ(event->sequence, next[event->producer]++);
        ++received;
        delete event;
    }
    for (auto& writer : writers) writer.join();
    EXPECT_EQ(queue.pop(), nullptr);
}

TEST(PushQueueTest, WakeEndsAWait) {
    PushQueue queue;
    std::thread waker([&queue] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        queue.wake();
    });
    const auto before = std::chrono::steady_clock::now();
    queue.wait_until(before + std::chrono::seconds(30));
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(10));
    waker.join();
}

}  // namespace
}  // namespace csp
