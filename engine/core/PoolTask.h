#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <type_traits>

namespace OrderDesk {

// Runs `work` on `pool` and answers with its result as a future: CPU or I/O that must not run
// on the caller's thread (the HTTP server's or the GUI's). The pool's owner waits for it to be
// done before it destroys what `work` uses.
template <typename Work>
QFuture<std::invoke_result_t<Work>> runOnPool(QThreadPool &pool, Work work)
{
    using Result = std::invoke_result_t<Work>;
    auto promise = std::make_shared<QPromise<Result>>();
    QFuture<Result> future = promise->future();
    promise->start();
    pool.start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
    return future;
}

} // namespace OrderDesk
