#!/usr/bin/env python3
"""An OpenAI-compatible endpoint that answers every chat completion after a fixed delay
(default 200 ms), on asyncio with keep-alive, for pogen-bench's latency-bound run.
Usage: slow_server.py PORT [DELAY_MS]"""
import asyncio
import sys

BODY = (b'{"id":"chatcmpl-slow","object":"chat.completion","created":1700000000,'
        b'"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant",'
        b'"content":"A fixed answer from the slow bench server."},"finish_reason":"stop",'
        b'"logprobs":null}],"usage":{"prompt_tokens":380,"completion_tokens":10,"total_tokens":390}}')
HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(BODY)).encode() + b"\r\n\r\n")


async def handle(reader, writer, delay):
    try:
        while True:
            headers = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in headers.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            await asyncio.sleep(delay)
            writer.write(HEAD + BODY)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionResetError):
        pass
    finally:
        writer.close()


async def main():
    port = int(sys.argv[1])
    delay = (int(sys.argv[2]) if len(sys.argv) > 2 else 200) / 1000.0
    server = await asyncio.start_server(lambda r, w: handle(r, w, delay), "127.0.0.1", port,
                                        backlog=4096)
    async with server:
        await server.serve_forever()


asyncio.run(main())
