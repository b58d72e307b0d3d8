"""Demo text: names, gig and product titles, descriptions, posts and comments.

Everything is drawn from a `random.Random` the caller seeds, so the same size always writes
the same words (and the same unique titles and names, which re-runs look up).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Aylin", "Ben", "Bianca", "Carlos", "Chen", "Chloe",
    "Daniel", "Dara", "Elena", "Emeka", "Emma", "Farah", "Felix", "Grace", "Hana", "Hugo",
    "Ines", "Ivan", "Jonas", "Julia", "Kai", "Kenji", "Lara", "Leila", "Liam", "Lucia", "Maya",
    "Mateo", "Mia", "Nadia", "Noah", "Nora", "Olga", "Omar", "Priya", "Rafael", "Rosa", "Sana",
    "Sofia", "Tariq", "Theo", "Uma", "Vera", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abara", "Adams", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
    "Ivanova", "Jensen", "Kim", "Kowalski", "Larsen", "Lopez", "Meyer", "Mori", "Nakamura",
    "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt",
    "Silva", "Tanaka", "Torres", "Usman", "Varga", "Weber", "Wong", "Yilmaz", "Zhang",
)  # fmt: skip
TIMEZONES = (
    "Europe/Berlin", "Europe/London", "Europe/Madrid", "America/New_York", "America/Sao_Paulo",
    "Asia/Tokyo", "Asia/Kolkata", "Africa/Lagos", "Australia/Sydney", "UTC",
)  # fmt: skip
CITIES = (
    "Berlin", "Hamburg", "Munich", "Lisbon", "Porto", "Madrid", "Barcelona", "Warsaw",
    "Kraków", "Prague", "Vienna", "Amsterdam", "Rotterdam", "Lyon", "Milan", "Riga",
)  # fmt: skip

SKILLS = (
    "branding", "illustration", "web design", "React", "Django", "PostgreSQL", "copywriting",
    "SEO", "video editing", "motion graphics", "voice over", "data analysis", "translation",
    "UX research", "mobile apps", "DevOps", "podcast editing", "3D modelling",
)  # fmt: skip

# Freelance categories: root -> leaves, each leaf with what a gig in it offers.
GIG_CATEGORIES: dict[str, dict[str, Sequence[str]]] = {
    "Graphics & Design": {
        "Logo Design": ("a minimalist logo", "a hand-drawn logo", "a mascot logo", "a wordmark"),
        "Illustration": ("a children's book illustration", "a portrait illustration",
                         "a flat vector illustration", "a fantasy map"),
        "Web & App Design": ("a landing page design", "a mobile app UI", "a dashboard UI",
                             "a Figma prototype"),
        "Brand Style Guides": ("a brand style guide", "a colour palette and type system",
                               "business cards and letterhead"),
    },
    "Programming & Tech": {
        "Web Development": ("a responsive WordPress site", "a Django web app",
                            "a React single-page app", "a Shopify store"),
        "Mobile Apps": ("a Flutter app", "an iOS app in SwiftUI", "an Android app in Kotlin"),
        "Databases": ("a PostgreSQL schema", "slow SQL query tuning", "a data migration"),
        "DevOps & Cloud": ("a CI/CD pipeline", "a Kubernetes deployment", "an AWS setup"),
        "Bug Fixes": ("a JavaScript bug fix", "a Python script fix", "a PHP error fix"),
    },
    "Writing & Translation": {
        "Articles & Blog Posts": ("an SEO blog post", "a long-form article", "a product review"),
        "Translation": ("an English to German translation", "a Spanish to English translation",
                        "a Japanese to English translation"),
        "Proofreading": ("a thesis proofread", "a book manuscript edit", "a CV polish"),
        "Technical Writing": ("API documentation", "a user manual", "a white paper"),
    },
    "Digital Marketing": {
        "SEO": ("an on-page SEO audit", "a keyword research report", "a backlink plan"),
        "Social Media Marketing": ("an Instagram content plan", "a LinkedIn growth plan",
                                   "TikTok short videos"),
        "Email Marketing": ("a Mailchimp campaign", "a newsletter template", "a drip sequence"),
    },
    "Video & Animation": {
        "Video Editing": ("a YouTube video edit", "a wedding video edit", "a product video"),
        "Explainer Videos": ("a 2D explainer video", "a whiteboard animation"),
        "Animated GIFs": ("an animated logo", "animated stickers", "a looping banner"),
    },
    "Music & Audio": {
        "Voice Over": ("a British English voice over", "a warm female voice over",
                       "an audiobook narration"),
        "Mixing & Mastering": ("a song mix", "a podcast master", "stem mastering"),
        "Podcast Editing": ("a podcast episode edit", "show notes and chapters"),
    },
    "Business": {
        "Data Entry": ("clean data entry in Excel", "a product catalogue upload"),
        "Market Research": ("a competitor analysis", "a customer survey report"),
        "Business Plans": ("an investor-ready business plan", "a financial model"),
    },
}  # fmt: skip
GIG_ADJECTIVES = (
    "professional", "modern", "unique", "fast", "high quality", "custom", "clean",
    "creative", "affordable", "premium", "detailed", "friendly",
)  # fmt: skip
AUDIENCES = (
    "your startup", "your small business", "your brand", "your online shop", "your podcast",
    "your agency", "your nonprofit", "your restaurant", "your SaaS", "your YouTube channel",
    "your book", "your portfolio", "your coffee shop", "your fitness studio", "your band",
    "your law firm", "your clinic", "your school", "your app", "your event",
)  # fmt: skip
PACKAGE_NAMES = {
    "BASIC": ("Starter", "Basic", "Essential"),
    "STANDARD": ("Standard", "Business", "Plus"),
    "PREMIUM": ("Premium", "Pro", "Complete"),
}
FEATURES = (
    "source files", "commercial use", "high resolution", "unlimited revisions",
    "express delivery", "documentation", "a video walkthrough", "print-ready files",
    "social media kit", "one call to talk it through",
)  # fmt: skip

PRODUCT_CATEGORIES: dict[str, dict[str, Sequence[str]]] = {
    "Electronics": {
        "Phones": ("iPhone 13", "Pixel 7", "Galaxy S22", "Fairphone 4"),
        "Laptops": ("ThinkPad X1 Carbon", "MacBook Air M2", "Dell XPS 13", "Framework Laptop"),
        "Audio": ("Sony WH-1000XM4 headphones", "Bose SoundLink speaker", "AirPods Pro"),
        "Cameras": ("Fujifilm X-T3", "Canon EOS R", "GoPro Hero 10"),
    },
    "Home & Garden": {
        "Furniture": ("oak dining table", "IKEA Poäng armchair", "walnut bookshelf"),
        "Kitchen": ("espresso machine", "cast iron pan", "stand mixer"),
        "Garden": ("electric lawn mower", "garden bench", "set of terracotta pots"),
    },
    "Sports & Outdoors": {
        "Bikes": ("city bike 28\"", "gravel bike", "kids' bike 20\"", "e-bike"),
        "Camping": ("two-person tent", "down sleeping bag", "camping stove"),
        "Fitness": ("adjustable dumbbells", "yoga mat", "rowing machine"),
    },
    "Fashion": {
        "Jackets": ("leather jacket", "rain jacket", "wool coat"),
        "Shoes": ("running shoes", "hiking boots", "leather sneakers"),
        "Bags": ("canvas backpack", "leather messenger bag", "travel duffel"),
    },
    "Books & Music": {
        "Books": ("box set of fantasy novels", "illustrated cookbook", "vintage atlas"),
        "Vinyl": ("jazz vinyl collection", "80s synth-pop LP", "classical box set"),
        "Instruments": ("acoustic guitar", "digital piano", "ukulele"),
    },
}  # fmt: skip
PRODUCT_ADJECTIVES = (
    "barely used", "like new", "well kept", "vintage", "boxed", "lightly used", "mint",
    "refurbished", "brand new", "reliable",
)  # fmt: skip

CHANNEL_TOPICS = (
    "Design", "Python", "Rust", "Freelancing", "Photography", "Cycling", "Cooking", "Gardening",
    "Indie Games", "Podcasting", "Marketing", "Startups", "Typography", "Data Science", "Hiking",
    "Home Studio", "Woodworking", "Writing", "Climbing", "Film", "Open Source", "Remote Work",
    "Coffee", "Vinyl", "Urbanism", "Languages", "Travel", "Fitness", "Chess", "Astronomy",
)  # fmt: skip
CHANNEL_FLAVOURS = (
    "Circle", "Club", "Corner", "Lounge", "Guild", "Hub", "Collective", "Forum", "Crew", "Lab",
    "Workshop", "Commons",
)  # fmt: skip
CITIES_FOR_CHANNELS = (
    "Berlin", "Lisbon", "Lagos", "Tokyo", "Austin", "Warsaw", "Nairobi", "Lima", "Seoul",
    "Oslo", "Madrid", "Toronto",
)  # fmt: skip
POST_OPENERS = (
    "What is your workflow for", "Lessons learned from a year of", "A beginner's guide to",
    "Show and tell:", "Help needed with", "Ten tips for", "My favourite tools for",
    "Unpopular opinion about", "Weekly thread:", "How we finally fixed", "Notes on",
    "Is it worth learning", "Resources for", "Mistakes I made with",
)  # fmt: skip
POST_SUBJECTS = (
    "client onboarding", "pricing your work", "colour palettes", "async teams", "small budgets",
    "long projects", "portfolio reviews", "public speaking", "weekend projects", "deadlines",
    "feedback rounds", "cold emails", "sourdough", "film cameras", "mechanical keyboards",
    "trail running", "home offices", "learning in public", "old laptops", "type pairing",
    "mentoring", "side projects", "writing daily", "burnout", "testing", "documentation",
)  # fmt: skip
SENTENCES = (
    "I have been thinking about this for a while and wanted to hear how others approach it.",
    "The short version: start small, write things down and ask for feedback early.",
    "It took me three attempts before anything worked, so do not give up after the first.",
    "Happy to share the templates I use if anyone is interested.",
    "The biggest surprise was how much time the preparation saved later on.",
    "Most of the advice online assumes a big team, which is not my situation at all.",
    "I would love to hear what worked for you, and what did not.",
    "Numbers from the last six months are below; they are rough but honest.",
    "Clients notice when you explain the trade-offs instead of just picking one.",
    "The tools matter less than the habit of using them every day.",
    "We tried three different approaches and the simplest one won by a mile.",
    "If you are just starting out, ignore the fancy setups and ship something.",
)  # fmt: skip
COMMENTS = (
    "Great write-up, thanks for sharing!", "This matches my experience exactly.",
    "Could you say more about the second point?", "I disagree a little: it depends on the client.",
    "Saved for later, this is gold.", "We do something similar and it works well.",
    "Which tool did you use for that?", "Thanks, this helped me a lot today.",
    "Interesting take. Have you tried doing it the other way around?",
    "Same here, took me ages to figure out.", "Love this community.",
    "Do you have a link to the template?", "+1, especially the part about feedback.",
    "Bookmarking this for the next project.", "Good point, I had not thought of that.",
)  # fmt: skip
REVIEW_COMMENTS = {
    5: ("Outstanding work, delivered early and exactly what I asked for.",
        "Fantastic communication and a great result. Will order again!",
        "Went above and beyond. Highly recommended."),
    4: ("Very good result, a couple of small tweaks were needed.",
        "Solid work and friendly communication, slightly late.",
        "Good value for the price, happy with the outcome."),
    3: ("Okay result, but it took a few rounds to get there.",
        "Decent work, communication could have been better."),
    2: ("Not quite what I asked for, even after a revision.",),
    1: ("Disappointing: missed the deadline and the brief.",),
}  # fmt: skip
PRODUCT_REVIEWS = {
    5: ("Exactly as described, quick hand-over. Great seller!",
        "Works perfectly and was packed with care."),
    4: ("Good condition, a few marks that were mentioned in the listing.",
        "Happy with it, the seller answered all my questions."),
    3: ("It works, but shows more wear than the photos suggest.",),
    2: ("Took a long time to arrange the pick-up, item is fine.",),
    1: ("Not as described, the battery is nearly dead.",),
}  # fmt: skip


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def choose(rng: random.Random, turn: int, options: Sequence[T], weights: Sequence[float]) -> T:
    """The first `len(options)` turns take each option once (so even a small seed has every
    status), later ones draw by `weights`."""
    if turn < len(options):
        return options[turn]
    return rng.choices(options, weights)[0]


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, k=min(sentences, len(SENTENCES))))


def rating(rng: random.Random) -> int:
    """Mostly good ratings, as on every real marketplace."""
    return rng.choices((5, 4, 3, 2, 1), weights=(55, 27, 10, 5, 3))[0]


def unique(
    rng: random.Random, make: Callable[[random.Random], str], taken: set[str], attempts: int = 50
) -> str:
    """A value from `make` not in `taken` (case-insensitively), then remembered in it."""
    for attempt in range(attempts):
        value = make(rng)
        if attempt >= attempts // 2:
            value = f"{value} {rng.randrange(2, 1000)}"
        if value.lower() not in taken:
            taken.add(value.lower())
            return value
    raise RuntimeError("no unique text left; widen the word lists")
