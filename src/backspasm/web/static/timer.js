// backspasm: optional on-page timers for the exercises (progressive enhancement).
// Without JavaScript the page shows the same steps, holds and repetitions as text.
(function () {
  "use strict";
  function say(el, text) { el.textContent = text; }
  document.querySelectorAll("section.exercise[data-hold]").forEach(function (section) {
    var hold = parseInt(section.dataset.hold, 10);
    var reps = parseInt(section.dataset.reps, 10);
    var rest = parseInt(section.dataset.rest, 10) || 0;
    var sides = section.dataset.eachSide === "true" ? 2 : 1;
    var name = section.querySelector("h2").textContent;
    var box = document.createElement("div");
    box.className = "timer";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = "Start the timer for " + name;
    var clock = document.createElement("p");
    clock.className = "clock";
    clock.setAttribute("role", "timer");
    clock.setAttribute("aria-live", "off");
    var status = document.createElement("p");
    status.className = "timer-status";
    status.setAttribute("aria-live", "polite");
    box.append(button, clock, status);
    section.querySelector("ol").after(box);

    var ticking = null;
    function stop(message) {
      clearInterval(ticking);
      ticking = null;
      button.textContent = "Start the timer for " + name;
      say(clock, "");
      say(status, message);
    }
    button.addEventListener("click", function () {
      if (ticking) { stop("Stopped."); return; }
      var plan = [];
      for (var side = 1; side <= sides; side++) {
        for (var r = 1; r <= reps; r++) {
          var label = "Hold " + r + " of " + reps + (sides === 2 ? (side === 1 ? ", first side" : ", second side") : "");
          plan.push([label, hold]);
          if (rest && (r < reps || side < sides)) { plan.push(["Rest", rest]); }
        }
      }
      var step = 0, left = plan[0][1];
      button.textContent = "Stop the timer";
      say(status, plan[0][0]);
      say(clock, left + " s");
      ticking = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          step += 1;
          if (step >= plan.length) { stop("Done. Well done."); return; }
          left = plan[step][1];
          say(status, plan[step][0]);
        }
        say(clock, left + " s");
      }, 1000);
    });
  });
})();
